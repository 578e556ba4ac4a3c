using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Integration.Testing;

/// <summary>
/// Plays the workflow service's event intake on a real port: answers each delivery as the test scripted (hang, fail,
/// refuse with 400, accept) and keeps the ids of the events it accepted, and the events themselves.
/// </summary>
public sealed class EventsReceiver : IAsyncDisposable
{
    public enum Answer { Accept, Fail, Hang, Refuse }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Answer> _script = new();

    public EventsReceiver()
    {
        Url = $"http://127.0.0.1:{TestPorts.Free()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        _app = builder.Build();
        _app.MapPost(Integration.Contracts.Workflows.WorkflowRoutes.TriggerEvents, async (HttpContext context) =>
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body);
            var id = body.RootElement.GetProperty("id").GetString()!;
            Attempts.Enqueue(id);
            Events.Enqueue(body.RootElement.Clone());
            switch (_script.TryDequeue(out var answer) ? answer : Answer.Accept)
            {
                case Answer.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
                    return Results.StatusCode(StatusCodes.Status202Accepted);
                case Answer.Fail:
                    return Results.StatusCode(StatusCodes.Status500InternalServerError);
                case Answer.Refuse:
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["$.subject"] = ["Refused by the script."] });
                default:
                    Accepted.Enqueue(id);
                    return Results.StatusCode(StatusCodes.Status202Accepted);
            }
        });
    }

    public string Url { get; }

    public ConcurrentQueue<string> Attempts { get; } = new();

    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>Every event as it arrived (JSON), accepted or not.</summary>
    public ConcurrentQueue<JsonElement> Events { get; } = new();

    public void Script(params Answer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
