using TinyTensor.Kernels.Gemm;
using TinyTensor.Tests.Kernels;

namespace TinyTensor.Tests.Conformance;

/// <summary>
/// netlib dblat3's small-size sweep: every m, n, k in 0 … 9 (1,000 shapes) for each element type, transposition form
/// (TT included), kernel and route, with α, β ∈ {(1, 0), (−2.5, 0), (1, 1), (0.75, 0.5)}, padded leading dimensions
/// full of NaN and C framed by sentinels. <see cref="GemmTests"/> covers the block-size edges with a sparser size
/// set; this fills in every small size (4, 6, 7, 8 are not all in its list for every kernel).
/// </summary>
[TestFixture]
public sealed class GemmSmallSizeConformanceTests
{
    public static IEnumerable<TestCaseData> TypesKernelsAndForms() => GemmTests.TypesKernelsAndForms();

    [TestCaseSource(nameof(TypesKernelsAndForms))]
    public void EverySizeFrom0To9_MatchesTheReference(string type, string kernelName, string form)
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine.");
        }

        bool single = GemmOperands.ElementType(type) == typeof(float);
        int shapes = 0;
        for (int m = 0; m <= 9; m++)
        {
            for (int n = 0; n <= 9; n++)
            {
                for (int k = 0; k <= 9; k++)
                {
                    if (single)
                    {
                        GemmTests.CheckAgainstReference<float>(kernel, ta, tb, m, n, k);
                    }
                    else
                    {
                        GemmTests.CheckAgainstReference<double>(kernel, ta, tb, m, n, k);
                    }

                    shapes++;
                }
            }
        }

        Assert.That(shapes, Is.EqualTo(1000));
    }
}
