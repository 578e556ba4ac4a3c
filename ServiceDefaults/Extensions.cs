using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Health;
using Integration.ServiceDefaults.Json;
using Integration.ServiceDefaults.Protection;
using Integration.ServiceDefaults.SystemInfo;
using Integration.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Text.Json.Serialization.Metadata;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service of the suite gets: telemetry, health, service discovery, resilient HttpClients,
/// Redis, bearer-token authentication with the suite's roles, ProblemDetails and request size limits.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Largest request body a service accepts unless its configuration says otherwise (Kestrel:Limits:MaxRequestBodySize).</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retries only for idempotent methods: a POST toward another service is never repeated blindly.
            http.AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });
        builder.AddSuiteRedisClient();
        builder.Services.AddSensitiveData();
        builder.AddSuiteAuthentication();
        builder.Services.AddProblemDetails();
        // A null where a request record's list or map declares none is the caller's error (400), read as such.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver =
            (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NoNullEntries.Modify));
        // Each service describes its API (routes, the records they take and answer) at /openapi/v1.json.
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        // Unreadable requests become exceptions everywhere (not only in Development) so that the handler answers them.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSystemEndpointClients();
        // A background loop that fails is logged; it never takes the service, and the requests it serves, down with it.
        // (Each loop also catches its own failures and goes on; this is the last line.)
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Kestrel:Limits:MaxRequestBodySize", DefaultMaxRequestBodyBytes);
            // A client that dribbles its headers is let go of after this, not after Kestrel's 30 s: no real client needs longer.
            o.Limits.RequestHeadersTimeout = builder.Configuration.GetValue("Kestrel:Limits:RequestHeadersTimeout", TimeSpan.FromSeconds(10));
        });
        // A body over the limit gets 413, not a reset (see OversizeBodies).
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, OversizeBodiesFirst>();
        return builder;
    }

    private static void ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The Redis client's connection chatter and the resilience pipeline's every attempt are Information: only
        // what needs attention reaches the dashboard's logs (a service's settings can still lower these).
        builder.Logging.AddFilter("StackExchange.Redis", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Integration.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, "Integration.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !HealthEndpoints.IsHealthRequest(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddProcessor(new UntracedRedisCommandFilter()));

        // Export only where a collector is configured (the app host passes OTEL_EXPORTER_OTLP_ENDPOINT through).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// The suite's Redis through Aspire's client integration (health check, tracing, metrics) from
    /// ConnectionStrings:redis. The service starts even when Redis is briefly away: the health check reports it and
    /// the client reconnects. The client name says which service is connected.
    /// </summary>
    private static void AddSuiteRedisClient<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Checked while the service is composed, before anything resolves the client, with the suite's own advice.
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            throw new OptionsValidationException("ConnectionStrings:redis", typeof(string),
                ["ConnectionStrings:redis is not set. Run the service through the AppHost, or set ConnectionStrings__redis=host:port."]);
        }

        builder.AddRedisClient("redis", configureOptions: options =>
        {
            options.AbortOnConnectFail = false;
            options.ClientName = ServiceIdentity.Name(builder.Configuration, builder.Environment);
        });
    }

    /// <summary>ProblemDetails for errors, then /health, /alive, the /system endpoints and the OpenAPI document.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Every JSON body is I-JSON before an endpoint reads it: no text, number or name that breaks a service later.
        app.UseMiddleware<StrictJsonBodies>();
        app.MapHealthEndpoints();
        app.MapSystemEndpoints();
        // The API's shape, not its data: readable without a token, so that integrators and client generators can fetch it.
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
