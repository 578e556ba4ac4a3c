using Integration.Hosting.ApplicationModel;
using Integration.Hosting.Orchestration;
using Integration.Hosting.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Integration.Hosting;

/// <summary>
/// The running (or publishing) application. Run mode starts every resource and stops them all on
/// Ctrl+C or SIGTERM; publish mode (<c>--publisher manifest --output-path FILE</c>) writes the manifest.
/// </summary>
public sealed class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly List<Action> _onDisposed = [];
    private bool _stopped;

    internal DistributedApplication(IHost host, DistributedApplicationExecutionContext executionContext)
    {
        _host = host;
        _executionContext = executionContext;
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var capture = TestingCapture.Current;
        if (capture is null)
        {
            // A model error is the user's to fix, not a crash: say what is wrong and exit 1.
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                if (e.ExceptionObject is DistributedApplicationException error)
                {
                    Console.Error.WriteLine("AppHost: " + error.Message);
                    Environment.Exit(1);
                }
            };
        }

        return new DistributedApplicationBuilder(args, capture?.ConfigurationOverrides, capture?.ContentRoot);
    }

    public IServiceProvider Services => _host.Services;

    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    public ResourceLogs ResourceLogs => Services.GetRequiredService<ResourceLogs>();

    public IReadOnlyList<IResource> Resources => Services.GetRequiredService<IReadOnlyList<IResource>>();

    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopped = true;
        await _host.StopAsync(cancellationToken);
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (_executionContext.IsPublishMode)
            {
                await PublishAsync(cancellationToken);
                return;
            }

            await _host.RunAsync(cancellationToken);
            _stopped = true;
        }
        catch (DistributedApplicationException error)
        {
            await Console.Error.WriteLineAsync("AppHost: " + error.Message);
            Environment.ExitCode = 1;
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var configuration = Services.GetRequiredService<IConfiguration>();
        var publisher = configuration["Publishing:Publisher"];
        if (publisher != "manifest")
        {
            throw new DistributedApplicationException($"Unknown publisher '{publisher}'; the only one is 'manifest'.");
        }

        var outputPath = Path.GetFullPath(configuration["Publishing:OutputPath"] ?? "aspire-manifest.json");
        await ManifestPublisher.WriteFileAsync(Resources, outputPath, cancellationToken);
        Console.WriteLine($"Wrote the manifest to {outputPath}");
    }

    /// <summary>Runs after the application has stopped and been disposed (tests delete their state directory).</summary>
    internal void OnDisposed(Action action) => _onDisposed.Add(action);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops whatever is still running (as Aspire does), then releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_executionContext.IsRunMode && !_stopped)
        {
            await StopAsync();
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        _onDisposed.ForEach(action => action());
        _onDisposed.Clear();
    }
}
