using Integration.ServiceDefaults.Auth;

namespace Integration.Sandbox.Faults;

public enum Fault
{
    None,
    RateLimited,
    ServerError,
}

/// <summary>The current fault settings of this process, from configuration at start and the admin endpoint after.</summary>
public sealed class FaultInjection(IConfiguration configuration)
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = configuration.GetSection("Sandbox:Faults").Get<FaultSettings>() ?? new FaultSettings();

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public void Set(FaultSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
        }
    }

    /// <summary>Decides this request's fault; the "next N" counts are used up one request at a time.</summary>
    public (Fault Fault, FaultSettings Settings) Next(string vendor)
    {
        lock (_gate)
        {
            var settings = _settings;
            if (!settings.AppliesTo(vendor))
            {
                return (Fault.None, settings);
            }

            if (settings.RateLimitNext > 0)
            {
                _settings = settings with { RateLimitNext = settings.RateLimitNext - 1 };
                return (Fault.RateLimited, settings);
            }

            if (settings.ServerErrorNext > 0)
            {
                _settings = settings with { ServerErrorNext = settings.ServerErrorNext - 1 };
                return (Fault.ServerError, settings);
            }

            var roll = Random.Shared.NextDouble();
            return roll < settings.RateLimitShare ? (Fault.RateLimited, settings)
                : roll < settings.RateLimitShare + settings.ServerErrorShare ? (Fault.ServerError, settings)
                : (Fault.None, settings);
        }
    }
}

public static class FaultEndpoints
{
    public static void MapFaultEndpoints(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/sandbox/faults").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Integrator)).WithTags("Sandbox faults");
        faults.MapGet("", (FaultInjection injection) => TypedResults.Ok(injection.Current));
        faults.MapPut("", IResult (FaultSettings settings, FaultInjection injection) =>
        {
            var problems = settings.Problems().ToDictionary(p => p.Path, p => new[] { p.Error });
            if (problems.Count > 0)
            {
                return TypedResults.ValidationProblem(problems);
            }

            injection.Set(settings);
            return TypedResults.Ok(settings);
        });
        faults.MapDelete("", (FaultInjection injection) =>
        {
            injection.Set(new FaultSettings());
            return TypedResults.NoContent();
        });
    }
}
