using System.Text.RegularExpressions;
using Integration.Hosting.ApplicationModel;
using Integration.Hosting.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.Hosting;

public sealed partial class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--publisher"] = "Publishing:Publisher",
        ["--output-path"] = "Publishing:OutputPath",
    };

    private readonly HostApplicationBuilder _host;
    private readonly List<IResource> _resources = [];
    private readonly List<string> _modelErrors = [];

    internal DistributedApplicationBuilder(string[] args, IReadOnlyDictionary<string, string?>? overrides, string? contentRoot = null)
    {
        _host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
            // A local app host is a development tool unless told otherwise.
            EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
            DisableDefaults = false,
        });
        _host.Configuration.AddCommandLine(args, SwitchMappings);
        if (overrides is not null)
        {
            _host.Configuration.AddInMemoryCollection(overrides);
        }

        _host.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        _host.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start is reported once, plainly, by DistributedApplication.RunAsync; not again with a stack trace.
        _host.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var publisher = _host.Configuration["Publishing:Publisher"];
        ExecutionContext = new DistributedApplicationExecutionContext(
            string.IsNullOrEmpty(publisher) ? DistributedApplicationOperation.Run : DistributedApplicationOperation.Publish);
    }

    public ConfigurationManager Configuration => _host.Configuration;
    public IHostEnvironment Environment => _host.Environment;
    public IServiceCollection Services => _host.Services;
    public DistributedApplicationExecutionContext ExecutionContext { get; }
    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (!ResourceNamePattern().IsMatch(resource.Name))
        {
            _modelErrors.Add($"Resource name '{resource.Name}' is invalid: use 1-64 ASCII letters, digits and hyphens, starting with a letter.");
        }
        else if (_resources.FirstOrDefault(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            _modelErrors.Add($"Duplicate resource name '{resource.Name}': a {Describe(existing)} and a {Describe(resource)} both use it.");
        }
        else
        {
            _resources.Add(resource);
        }

        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        // Under Integration.Hosting.Testing the app host's Main runs only to this point: the test takes the model.
        if (TestingCapture.Current is { } capture)
        {
            capture.Capture(this);
        }

        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        var errors = ModelValidator.Validate(_resources, _modelErrors);
        if (errors.Count > 0)
        {
            throw new DistributedApplicationException(
                "The application model is invalid; nothing was started:" + string.Concat(errors.Select(e => "\n  - " + e)));
        }

        var options = Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (ExecutionContext.IsRunMode)
        {
            ParameterResolver.Resolve(_resources, Configuration, options.ResolveStateDirectory());
        }

        _host.Services.AddSingleton(options);
        _host.Services.AddSingleton(ExecutionContext);
        _host.Services.AddSingleton<IReadOnlyList<IResource>>(_resources);
        _host.Services.AddSingleton<ResourceNotificationService>();
        _host.Services.AddSingleton<ResourceLogs>();
        _host.Services.AddSingleton<Orchestrator>();
        _host.Services.AddHostedService(sp => sp.GetRequiredService<Orchestrator>());
        _host.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5));
        return new DistributedApplication(_host.Build(), ExecutionContext);
    }

    internal static string Describe(IResource resource) => resource switch
    {
        ProjectResource => "project",
        ExecutableResource => "executable",
        RedisResource => "redis server",
        ParameterResource => "parameter",
        ConnectionStringResource => "connection string",
        _ => resource.GetType().Name,
    };

    [GeneratedRegex("^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,63}$")]
    private static partial Regex ResourceNamePattern();
}
