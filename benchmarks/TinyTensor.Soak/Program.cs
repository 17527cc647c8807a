using System.Globalization;
using TinyTensor.Soak;

// tinytensor-soak [notebook [steps]] [mnist [steps]] [crash [kills]]   (no argument: all three at full size)
// tinytensor-soak crash-child <path>                                    (internal: the process the crash test kills)
if (args is ["crash-child", string path])
{
    CrashTest.ChildSaveLoop(path);
    return 0;
}

var plan = new List<(string Mode, long Count)>();
for (int i = 0; i < args.Length; i++)
{
    string mode = args[i];
    long count = i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : -1;
    if (count >= 0)
    {
        i++;
    }

    plan.Add((mode, count));
}

if (plan.Count == 0)
{
    plan = [("notebook", -1), ("mnist", -1), ("crash", -1)];
}

bool ok = true;
foreach ((string mode, long count) in plan)
{
    switch (mode)
    {
        case "notebook":
            ok &= MemorySoak.Notebook(count < 0 ? 1_000_000 : count, Console.Out).Flat;
            break;
        case "mnist":
            ok &= MemorySoak.Mnist(count < 0 ? 10_000 : count, Console.Out).Flat;
            break;
        case "crash":
            ok &= CrashTest.Run(count < 0 ? 200 : (int)count, seed: 1, Console.Out).AllIntact;
            break;
        default:
            Console.Error.WriteLine($"error: unknown mode '{mode}'; use notebook [steps], mnist [steps], crash [kills].");
            return 2;
    }
}

Console.WriteLine(ok ? "soak: PASS" : "soak: FAIL");
return ok ? 0 : 1;
