using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// The routing table in <see cref="GemmPlanner"/>'s remarks, row by row: each case names the route and parts the
/// docs promise for a shape, so a change to the code that leaves the table stale fails here.
/// </summary>
[TestFixture]
public sealed class GemmPlannerTests
{
    // (type, kernel, forced route, form, m, n, k, threads) → (route, parts)
    [TestCase("Float64", "Vector512", "Auto", "NN", 10, 10, 4, 2, "Small", 1, TestName = "Notebook product: small")]
    [TestCase("Float64", "Vector512", "Auto", "NN", 64, 64, 64, 2, "Direct", 1, TestName = "Whole 8x16 tiles, k <= KC: direct")]
    [TestCase("Float32", "Vector512", "Auto", "NN", 64, 64, 64, 2, "Direct", 1, TestName = "Whole 8x32 tiles in float32: direct")]
    [TestCase("Float32", "Vector512", "Auto", "NN", 64, 48, 64, 2, "Packed", 1, TestName = "n not a multiple of float32's NR: packed")]
    [TestCase("Float64", "Vector512", "Auto", "TN", 64, 64, 64, 2, "Packed", 1, TestName = "Direct takes A·B only")]
    [TestCase("Float64", "Vector512", "Auto", "NN", 128, 10, 256, 2, "Thin", 1, TestName = "Thin in n, more than 40^3: thin")]
    [TestCase("Float64", "Vector256", "Auto", "NN", 128, 10, 256, 2, "Small", 1, TestName = "Thin needs Vector512: small")]
    [TestCase("Float64", "Vector512", "Auto", "NN", 2001, 10, 300, 2, "Thin", 2, TestName = "Big thin product: two parts")]
    [TestCase("Float64", "Vector512", "Auto", "NN", 512, 512, 512, 2, "Packed", 2, TestName = "Big square: packed, two parts")]
    [TestCase("Float64", "Vector512", "Auto", "NN", 512, 512, 512, 1, "Packed", 1, TestName = "One thread: one part")]
    [TestCase("Float64", "Vector512", "Auto", "NT", 10, 2100, 300, 2, "Packed", 2, TestName = "A·Bᵀ with B over KC·NC: packed")]
    [TestCase("Float64", "Vector512", "Thin", "NN", 9, 9, 9, 1, "Thin", 1, TestName = "Forced thin")]
    [TestCase("Float64", "Scalar", "Thin", "NN", 9, 9, 9, 1, "Small", 1, TestName = "Forced thin off Vector512: small")]
    [TestCase("Float64", "Vector512", "Direct", "NN", 9, 9, 9, 1, "Packed", 1, TestName = "Forced direct on a ragged shape: packed")]
    [TestCase("Float64", "Vector512", "Direct", "NN", 512, 512, 256, 2, "Direct", 1, TestName = "Direct never splits")]
    public void The_plan_follows_the_documented_table(string type, string kernel, string forced, string form, int m,
        int n, int k, int threads, string route, int parts)
    {
        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        var options = new GemmOptions(GemmOperands.ParseKernel(kernel), Enum.Parse<GemmRoute>(forced), threads);
        GemmPlan plan = GemmOperands.ElementType(type) == typeof(float)
            ? GemmPlanner.Plan<float>(options, ta, tb, m, n, k)
            : GemmPlanner.Plan<double>(options, ta, tb, m, n, k);
        Assert.That(plan.Route, Is.EqualTo(Enum.Parse<GemmRoute>(route)));
        Assert.That(plan.Parts, Is.EqualTo(parts));
    }

    [Test]
    public void The_packed_route_splits_the_longer_side_in_whole_tiles()
    {
        var options = GemmOptions.Force(GemmKernelKind.Vector512, GemmRoute.Auto, threads: 2);
        GemmPlan wide = GemmPlanner.Plan<float>(options, Transpose.None, Transpose.None, 300, 1000, 300);
        Assert.That((wide.SplitColumns, wide.TileSize, wide.Tiles), Is.EqualTo((true, 32, 32)));
        GemmPlan tall = GemmPlanner.Plan<double>(options, Transpose.None, Transpose.None, 1000, 300, 300);
        Assert.That((tall.SplitColumns, tall.TileSize, tall.Tiles), Is.EqualTo((false, 8, 125)));
    }
}
