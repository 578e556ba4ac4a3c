using System.Security.Claims;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Connectors.Outbox;

public static class EventEndpoints
{
    /// <summary>The most recent events to look at: integrators watch delivery; designers take one as a test run's sample event.</summary>
    private const int Window = 500;

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup(ConnectorApiRoutes.Events).WithTags("Events");
        events.MapGet("", List).RequireAuthorization(p => p.RequireRole(Roles.Integrator, Roles.Designer, Roles.Admin, Roles.Service));
        // One recent event whole, for the workflow service: a designer's test run names a sample event by id, never its data.
        events.MapGet("/{id}", async Task<Results<Ok<TriggerEvent>, ProblemHttpResult>> (string id, EventOutbox outbox) =>
            (await outbox.RecentAsync(Window)).Recent.FirstOrDefault(e => e.Id == id) is { } found
                ? TypedResults.Ok(found)
                : TypedResults.Problem($"No event '{id}' is among the {Window} most recent.", statusCode: 404))
            .RequireAuthorization(p => p.RequireRole(Roles.Service));

        var dead = events.MapGroup("/dead-letters").RequireAuthorization(p => p.RequireRole(Roles.Integrator, Roles.Admin));
        dead.MapGet("", async (EventOutbox outbox) => TypedResults.Ok((await outbox.DeadLettersAsync()).Select(View)));
        dead.MapPost("/{id}/resubmit", async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> (string id, EventOutbox outbox, ClaimsPrincipal user, ILogger<EventOutbox> logger) =>
        {
            if (await outbox.DeadLetterAsync(id) is not { } letter || !await outbox.ResubmitAsync(letter))
            {
                return NoDeadLetter(id);
            }

            logger.LogWarning("{User} resubmitted event {Event} ({Type}), refused before with {Status}.", user.FindFirstValue("sub"), letter.Message.Id, letter.Message.Type, letter.Status);
            return TypedResults.Ok(View(letter));
        });
        dead.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, EventOutbox outbox, ClaimsPrincipal user, ILogger<EventOutbox> logger) =>
        {
            if (await outbox.DeadLetterAsync(id) is not { } letter || !await outbox.DiscardAsync(id))
            {
                return NoDeadLetter(id);
            }

            logger.LogWarning("{User} discarded event {Event} ({Type}), refused with {Status}.", user.FindFirstValue("sub"), letter.Message.Id, letter.Message.Type, letter.Status);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<Ok<EventListing>, ValidationProblem>> List(EventOutbox outbox, ClaimsPrincipal user, int? count, string? type)
    {
        if (count is < 1 or > Window)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["count"] = [$"The count is 1 to {Window}."] });
        }

        var wanted = count ?? 50;
        // Of one type: the newest of that type among the last events kept.
        var (recent, pending) = await outbox.RecentAsync(type is null ? wanted : Window);
        var view = user.IsInRole(Roles.Service) ? EventView.Whole : EventView.Metadata;
        var shown = (type is null ? recent : recent.Where(e => e.Type == type).Take(wanted)).Select(e => view == EventView.Whole ? e : e with { Data = null });
        return TypedResults.Ok(new EventListing(pending, await outbox.DeadLetterCountAsync(), view, [.. shown]));
    }

    private static DeadLetterView View(ServiceDefaults.Redis.DeadLetter<TriggerEvent> letter) =>
        new(letter.Id, letter.Message.Id, letter.Message.Source, letter.Message.Type, letter.Message.Subject, letter.Message.Time, letter.Status, letter.Reason, letter.At);

    private static ProblemHttpResult NoDeadLetter(string id) => TypedResults.Problem($"There is no dead letter '{id}'; it may have been resubmitted or discarded.", statusCode: 404);
}
