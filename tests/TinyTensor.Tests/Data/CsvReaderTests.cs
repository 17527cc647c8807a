using System.Text;
using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class CsvReaderTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void Rows_round_trip_with_the_label_last_and_a_detected_header(bool gzipped)
    {
        const string text = "a,b,c,label\n0,8,16,2\n4, 2 ,1e1,0\n\n-16,0.5,3,1\n";
        string path = _files.Write("d.csv", gzipped ? TestFiles.Gzip(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text));

        Dataset data = CsvReader.Read(path, featureScale: 16);

        Assert.That(data.Features.Shape, Is.EqualTo(new[] { 3, 3 }));
        Assert.That(data.Features.ToArray(), Is.EqualTo(new[] { 0, 0.5, 1, 0.25, 0.125, 10 / 16.0, -1, 0.5 / 16, 3 / 16.0 }));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 2, 0, 1 }));
        Assert.That(data.ClassCount, Is.EqualTo(3), "inferred as the largest label + 1");
    }

    [Test]
    public void The_label_column_can_be_first_and_the_class_count_given()
    {
        string path = _files.WriteText("d.csv", "1,0.1,0.2\r\n0,0.3,0.4\r\n");
        Dataset data = CsvReader.Read(path, labelColumn: 0, classCount: 5);
        Assert.That(data.Features.ToArray(), Is.EqualTo(new[] { 0.1, 0.2, 0.3, 0.4 }));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(data.ClassCount, Is.EqualTo(5));
    }

    [Test]
    public void A_declared_header_is_skipped_even_if_numeric()
    {
        string path = _files.WriteText("d.csv", "1,2,3\n4,5,1\n");
        Dataset data = CsvReader.Read(path, header: CsvHeader.Present);
        Assert.That(data.Count, Is.EqualTo(1));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Without_a_header_a_text_first_line_is_an_error_on_line_1()
    {
        string path = _files.WriteText("d.csv", "x,y\n1,0\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvReader.Read(path, header: CsvHeader.Absent));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("line 1, column 1").And.Contain("'x'"));
    }

    [Test]
    public void A_non_numeric_cell_reports_its_line_and_column()
    {
        string path = _files.WriteText("d.csv", "f1,f2,label\n1,2,0\n\n3,oops,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvReader.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("line 4, column 2").And.Contain("'oops'"));
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("1e999")]
    [TestCase("")]
    public void A_non_finite_or_empty_feature_is_an_error(string cell)
    {
        string path = _files.WriteText("d.csv", $"1,2,0\n{cell},2,1\n");
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("line 2, column 1"));
    }

    [Test]
    public void A_ragged_row_reports_its_line()
    {
        string path = _files.WriteText("d.csv", "1,2,0\n3,4,1\n5,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvReader.Read(path));
        Assert.That(e!.Message, Does.Contain("line 3 has 2 columns").And.Contain("3"));
    }

    [TestCase("1.5", "not an integer")]
    [TestCase("-1", "outside")]
    [TestCase("cat", "not an integer")]
    public void A_bad_label_reports_its_line(string label, string reason)
    {
        string path = _files.WriteText("d.csv", $"1,2,0\n3,4,{label}\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvReader.Read(path, header: CsvHeader.Absent));
        Assert.That(e!.Message, Does.Contain("line 2, column 3").And.Contain(reason));
    }

    [Test]
    public void A_label_at_or_above_the_class_count_is_an_error()
    {
        string path = _files.WriteText("d.csv", "1,2,0\n3,4,3\n");
        Assert.That(() => CsvReader.Read(path, classCount: 3),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("label 3 is outside [0, 3)"));
    }

    [Test]
    public void A_label_written_as_an_integral_float_is_accepted()
    {
        string path = _files.WriteText("d.csv", "1,2,0.0\n3,4,2.0\n");
        Assert.That(CsvReader.Read(path).Labels.ToArray(), Is.EqualTo(new[] { 0, 2 }));
    }

    [TestCase("")]
    [TestCase("a,b,label\n")]
    [TestCase("\n\n  \n")]
    public void A_file_without_data_rows_is_an_error(string text)
    {
        string path = _files.WriteText("d.csv", text);
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void A_single_column_file_is_an_error()
    {
        string path = _files.WriteText("d.csv", "1\n2\n");
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("at least one feature"));
    }

    [Test]
    public void A_label_column_beyond_the_rows_is_an_error()
    {
        string path = _files.WriteText("d.csv", "1,2\n");
        Assert.That(() => CsvReader.Read(path, labelColumn: 5), Throws.TypeOf<InvalidDataException>().With.Message.Contains("label column 5"));
    }

    [Test]
    public void A_missing_file_throws_FileNotFoundException()
    {
        string path = _files.PathOf("missing.csv");
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<FileNotFoundException>().With.Property("FileName").EqualTo(path));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_bad_feature_scale_is_rejected(double scale)
    {
        Assert.That(() => CsvReader.Read("unused.csv", featureScale: scale),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("feature scale"));
    }

    [Test]
    public void Every_truncation_of_a_gzipped_csv_gives_InvalidDataException()
    {
        byte[] gz = TestFiles.Gzip(Encoding.UTF8.GetBytes("1,2,0\n3,4,1\n5,6,1\n"));
        for (int length = 0; length < gz.Length; length++)
        {
            string path = _files.Write($"t{length}.csv.gz", gz[..length]);
            Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>(), $"cut to {length} bytes");
        }
    }
}
