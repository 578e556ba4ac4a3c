using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Outbox;

/// <summary>The outbox's most recent trigger events, newest first, and how many wait for the workflow service.</summary>
public sealed record EventListing(long Pending, IReadOnlyList<TriggerEvent> Recent);

public static class EventEndpoints
{
    /// <summary>The most recent events to look at: integrators watch delivery; designers take one as a test run's sample event.</summary>
    private const int Window = 500;

    public static void MapEventEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/events", async (EventOutbox outbox, int? count, string? type) =>
        {
            var wanted = Math.Clamp(count ?? 50, 1, Window);
            // Of one type: the newest of that type among the last events kept.
            var (recent, pending) = await outbox.RecentAsync(type is null ? wanted : Window);
            return TypedResults.Ok(new EventListing(pending, type is null ? recent : [.. recent.Where(e => e.Type == type).Take(wanted)]));
        }).RequireAuthorization(p => p.RequireRole(Roles.Integrator, Roles.Designer, Roles.Admin)).WithTags("Events");
}
