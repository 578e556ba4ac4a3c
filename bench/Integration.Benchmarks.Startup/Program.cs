// Startup and shutdown of the whole suite through the AppHost, against a baseline measured in the same
// run: one service started by hand to healthy (the cost of a single .NET process that every resource pays).
//   dotnet run -c Release --project bench/Integration.Benchmarks.Startup -- [runs]
using System.Diagnostics;
using Integration.Benchmarks.Startup;
using Integration.Hosting.Testing;

var runs = args.Length > 0 ? int.Parse(args[0]) : 5;
Console.WriteLine($"{runs} runs each on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

await using var redis = await TestRedis.StartAsync();
var baseline = new List<double>();
var suiteUp = new List<double>();
var suiteDown = new List<double>();
for (var run = 0; run < runs; run++)
{
    baseline.Add(await Measure.SingleServiceToHealthyAsync(new Projects.Integration_Sandbox().TargetPath!, redis.ConnectionString));
    var (up, down) = await Measure.SuiteUpAndDownAsync(new Projects.Integration_AppHost().TargetPath!);
    suiteUp.Add(up);
    suiteDown.Add(down);
}

Console.WriteLine();
Console.WriteLine("| measurement | median s | min s | max s |");
Console.WriteLine("|---|---|---|---|");
Report("baseline: one service, process start to /health 200", baseline);
Report("suite: AppHost start to all resources healthy", suiteUp);
Report("suite: SIGTERM to AppHost exit, every child gone", suiteDown);

static void Report(string name, List<double> seconds)
{
    var sorted = seconds.Order().ToList();
    Console.WriteLine($"| {name} | {sorted[sorted.Count / 2]:F2} | {sorted[0]:F2} | {sorted[^1]:F2} |");
}

namespace Integration.Benchmarks.Startup
{
    internal static class Measure
    {
        public static async Task<double> SingleServiceToHealthyAsync(string serviceDll, string redisConnectionString)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet", [serviceDll]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            info.Environment["ConnectionStrings__redis"] = redisConnectionString;
            info.Environment["Auth__SigningKey"] = new string('b', 48);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            while (true)
            {
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(20);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            process.Kill();
            await process.WaitForExitAsync();
            return seconds;
        }

        public static async Task<(double Up, double Down)> SuiteUpAndDownAsync(string appHostDll)
        {
            var state = Directory.CreateTempSubdirectory("bench-apphost-").FullName;
            var info = new ProcessStartInfo("dotnet", [appHostDll, "--Hosting:RandomizePorts=true", $"--Hosting:StateDirectory={state}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            var ready = new TaskCompletionSource();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("stop everything") == true) ready.TrySetResult(); };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
            var up = clock.Elapsed.TotalSeconds;

            clock.Restart();
            _ = Kill(process.Id, 15);
            await process.WaitForExitAsync();
            var down = clock.Elapsed.TotalSeconds;
            Directory.Delete(state, recursive: true);
            return (up, down);
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
        private static extern int Kill(int pid, int signal);
    }
}
