// Startup and shutdown of the whole suite through the Aspire AppHost (DCP, the dashboard, Redis and six services on
// their fixed ports, as ./run.sh starts them), against a baseline measured in the same run: one service started by
// hand to healthy, the cost of a single .NET process that every resource pays.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Startup -- [runs]
// The fixed ports (5100-5105, 6380, 18888-18890) must be free: stop ./run.sh first.
using System.Diagnostics;
using System.Net.Sockets;
using Integration.Testing;

var runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"{runs} runs each on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

var baseline = new List<double>();
var suiteUp = new List<double>();
var appHostExit = new List<double>();
var allGone = new List<double>();
for (var run = 0; run < runs; run++)
{
    await using (var redis = await TestRedis.StartAsync())
    {
        var clock = Stopwatch.StartNew();
        await using var sandbox = await ServiceProcess.StartAsync("Integration.Sandbox", new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = redis.ConnectionString,
            ["Auth__SigningKey"] = new string('b', 48),
        });
        baseline.Add(clock.Elapsed.TotalSeconds);
    }

    var (up, exit, gone) = await SuiteUpAndDownAsync();
    suiteUp.Add(up);
    appHostExit.Add(exit);
    allGone.Add(gone);
    Console.WriteLine($"run {run + 1}: baseline {baseline[^1]:F2} s, suite up {up:F2} s, down {exit:F2} s (all gone {gone:F2} s)");
}

Console.WriteLine();
Console.WriteLine("| measurement | median s | min s | max s |");
Console.WriteLine("|---|---|---|---|");
Report("baseline: one service, process start to /health 200", baseline);
Report("suite: AppHost start to every resource healthy (7 resources)", suiteUp);
Report("suite: SIGTERM to AppHost exit", appHostExit);
Report("suite: SIGTERM to every process it started gone", allGone);

static void Report(string name, List<double> seconds)
{
    var sorted = seconds.Order().ToList();
    Console.WriteLine($"| {name} | {sorted[sorted.Count / 2]:F2} | {sorted[0]:F2} | {sorted[^1]:F2} |");
}

static async Task<(double Up, double Exit, double Gone)> SuiteUpAndDownAsync()
{
    var data = Directory.CreateTempSubdirectory("bench-apphost-").FullName;
    var info = new ProcessStartInfo("dotnet", [BuildOutput.Of("AppHost", "Integration.AppHost"), $"--Redis:DataDirectory={data}", "--Ollama:Disabled=true"])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Environment =
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:18888",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:18889",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:18890",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        },
    };
    var clock = Stopwatch.StartNew();
    using var apphost = Process.Start(info)!;
    apphost.OutputDataReceived += (_, _) => { };
    apphost.ErrorDataReceived += (_, _) => { };
    apphost.BeginOutputReadLine();
    apphost.BeginErrorReadLine();

    // Every service's readiness (/health checks Redis too) on the fixed ports the README gives.
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var pending = new List<int> { 5100, 5101, 5102, 5103, 5104, 5105 };
    while (pending.Count > 0)
    {
        if (apphost.HasExited)
        {
            throw new InvalidOperationException($"The app host exited with {apphost.ExitCode}; are the fixed ports free?");
        }

        foreach (var port in pending.ToList())
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    pending.Remove(port);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
            {
            }
        }

        await Task.Delay(50);
    }

    var up = clock.Elapsed.TotalSeconds;
    var tree = ProcessInfo.TreeOf(apphost.Id);
    clock.Restart();
    _ = ProcessInfo.Kill(apphost.Id, 15);
    await apphost.WaitForExitAsync();
    var exit = clock.Elapsed.TotalSeconds;
    while (tree.Any(p => p.IsRunning()))
    {
        await Task.Delay(50);
    }

    var gone = clock.Elapsed.TotalSeconds;
    Directory.Delete(data, recursive: true);
    return (up, exit, gone);
}
