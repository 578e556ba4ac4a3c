using System.Diagnostics;

namespace Integration.Testing;

/// <summary>
/// One of the suite's services as its own process (as the AppHost runs it), for a test or benchmark that needs it on
/// the other side of real HTTP, e.g. the Sandbox behind the connector service. It runs the service's build output of
/// the caller's configuration (the caller's project references it so that it is built), on a free port of 127.0.0.1,
/// and is healthy on return; killed on dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = Launch(project, environment);
            try
            {
                await service.WaitUntilHealthyAsync(project, cancellationToken);
                return service;
            }
            catch (InvalidOperationException) when (attempt < 3 && service.LostItsPort)
            {
                // Another process bound the free port between our check and the service's bind (a full run starts many): another port.
            }
        }
    }

    private bool LostItsPort
    {
        get
        {
            lock (_output)
            {
                return _output.Any(line => line.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    private static ServiceProcess Launch(string project, IReadOnlyDictionary<string, string> environment)
    {
        var url = $"http://127.0.0.1:{TestPorts.Free()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuildOutput.Of(Path.Combine("src", project)));
        start.Environment["ASPNETCORE_URLS"] = url;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, url);
        service._process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    private async Task WaitUntilHealthyAsync(string project, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                await DisposeAsync();
                throw new InvalidOperationException($"{project} did not become healthy at {Url}:\n{string.Join('\n', _output.TakeLast(40))}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
