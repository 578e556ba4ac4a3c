using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Integration.Workflows.Activities;
using Integration.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Integration.Workflows.Instances;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The flagship "Zendesk ticket triage" through the whole graph: a ticket with personal data is created in the
/// Sandbox, its signed webhook becomes a trigger event that starts the published flowchart as an Orleans grain in the
/// workflow service, a reviewer edits and approves the draft in the inbox, and the reply with the real name lands on
/// the ticket once. The same flowchart also runs here on the interpreter with the inference calls recorded, to show
/// that no personal data reaches a model.
/// </summary>
public sealed class FlagshipTests(SuiteFixture suite)
{
    private const string Name = "Vera Walsh";
    private const string Email = "vera.walsh@example.net";
    private const string Phone = "+49 151 2345678";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ticket_with_personal_data_is_triaged_without_a_model_seeing_it_and_the_reviewed_reply_lands_once()
    {
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        // A return: the shipped approval policy sends returns to a person whatever the classifier's confidence.
        var subject = $"Damaged on arrival {Guid.NewGuid():N}"[..30];
        var ticket = await Invoke(connectors, "zendesk.ticket.create", new
        {
            subject,
            // 4000003 is one of the Sandbox's seeded SAP sales orders: the flagship looks it up.
            body = $"Hello, this is {Name}. My order 4000003 arrived with a cracked screen and I would like to return it. Please call me on {Phone} or write to {Email}.",
            requester = new { name = Name, email = Email },
        });
        var ticketId = ticket.GetProperty("ticket").GetProperty("id").GetInt64();
        var trigger = await WebhookEvent(suite, ticketId);

        // The event also went on from the connectors' outbox to the workflow service, which started the published
        // flagship as an Orleans grain: it runs up to the review gate and waits for a reviewer.
        var started = await InstanceAt(suite, InstanceIds.Of("zendesk-ticket-triage", trigger["id"]!.GetValue<string>()), "Waiting");
        Assert.Equal("review", started["bookmarks"]![0]!["activityId"]!.GetValue<string>());

        var modelCalls = new RecordingHandler();
        var services = SuiteServices(modelCalls);
        var definition = JsonSerializer.Deserialize<WorkflowDefinition>(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "zendesk-ticket-triage.json"), Cancel), JsonSerializerOptions.Web)!;
        var engine = new FlowEngine(definition, ActivityCatalog.Shipped, services, TimeProvider.System);
        var state = new InstanceState { Id = $"flagship-{ticketId}", DefinitionId = definition.Id!, Version = 1, Event = trigger };

        await engine.StartAsync(state, "ticket-created", Cancel);

        Assert.True(state.Status == InstanceStatus.Waiting, $"{state.Status}: {state.Error}");
        var gate = Assert.Single(state.Bookmarks);
        Assert.Equal("review", gate.ActivityId);
        Assert.NotEmpty(modelCalls.Bodies);
        Assert.All(modelCalls.Bodies, body =>
        {
            Assert.DoesNotContain("Vera", body);
            Assert.DoesNotContain(Email, body);
            Assert.DoesNotContain("2345678", body);
        });
        Assert.Equal("returns", state.Steps["classify"]!["label"]!.GetValue<string>());
        Assert.StartsWith("Hello <PERSON_", state.Steps["draft"]!["text"]!.GetValue<string>());

        // The reviewer finds the grain instance's task in the inbox, edits the draft and approves it.
        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        var instanceId = started["id"]!.GetValue<string>();
        var task = (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instanceId);
        var proposed = task.GetProperty("proposal").GetProperty("text").GetString()!;
        Assert.StartsWith("Hello <PERSON_", proposed); // the reviewer sees what the model saw: placeholders
        var edited = proposed.Replace("Kind regards,", "Best regards from Rex,", StringComparison.Ordinal);
        using var decided = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide",
            new { decision = "edit-approve", output = new { text = edited } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var completed = await InstanceAt(suite, instanceId, "Completed");
        using var again = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide", new { decision = "approve" }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // A replay of the posting step (as after a crash, from the journal's record of its inputs) reuses its idempotency key: no second comment.
        var posted = completed["journal"]!.AsArray().Single(e => e!["activityId"]!.GetValue<string>() == "post-reply" && e["event"]!.GetValue<string>() == "started")!;
        var grainState = JsonSerializer.Deserialize<InstanceState>(completed.ToJsonString(), JsonSerializerOptions.Web)!;
        // The API never shows the placeholder map or the values behind it; both runs redacted the same texts alike.
        Assert.DoesNotContain("Vera", completed.ToJsonString());
        Assert.DoesNotContain(Email, completed.ToJsonString());
        grainState.Placeholders = state.Placeholders;
        var replay = (StepResult.Completed)await ActivityCatalog.Shipped.Activity("connector.call").RunAsync(new StepContext(grainState,
            definition.Activities!.Single(a => a.Id == "post-reply"), posted["inputs"]!.AsObject(), $"{instanceId}:post-reply:1", 1, services, TimeProvider.System), Cancel);
        Assert.True(replay.Outputs["replayed"]!.GetValue<bool>());

        var comments = (await Invoke(connectors, "zendesk.ticket.comments", new { ticketId })).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("body").GetString()!).ToList();
        var reply = Assert.Single(comments, c => c.Contains("Best regards from Rex", StringComparison.Ordinal));
        Assert.StartsWith($"Hello {Name},", reply);
        var cases = await Invoke(connectors, "salesforce.query", new { soql = $"SELECT Id, Subject, Type FROM Case WHERE Subject = '{subject}'" });
        var recorded = Assert.Single(cases.GetProperty("records").EnumerateArray());
        Assert.Equal("returns", recorded.GetProperty("Type").GetString());
        Assert.Equal("4000003", grainState.Steps["extract"]!["data"]!["order_number"]!.GetValue<string>());
        Assert.Contains(grainState.Journal, e => e.ActivityId == "look-up-order" && e.Event == JournalEvent.Completed);
        Assert.Equal("4000003", grainState.Steps["look-up-order"]!["output"]!["results"]![0]!["SalesOrder"]!.GetValue<string>());

        // The reviewer's decision is a feedback record: what each model saw (placeholders, not the customer), which model and
        // version answered, how much the reviewer changed; its examples export in fine-tuning shapes.
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var records = await designer.GetFromJsonAsync<JsonElement>("/v1/feedback/records?workflow=zendesk-ticket-triage&count=1000", Cancel);
        var record = records.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("instance").GetString() == instanceId);
        Assert.Equal(("approved", "reviewer", true), (record.GetProperty("decision").GetString(), record.GetProperty("source").GetString(), record.GetProperty("edited").GetBoolean()));
        Assert.True(record.GetProperty("editDistance").GetInt32() > 0);
        var models = record.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("step").GetString()!);
        Assert.Equal(["classify", "draft", "extract", "retrieve"], models.Keys.Order());
        Assert.Equal("ticket-classifier", models["classify"].GetProperty("served").GetString());
        Assert.StartsWith("1/trained-", models["classify"].GetProperty("revision").GetString());
        Assert.Equal("returns", models["classify"].GetProperty("output").GetProperty("label").GetString());
        Assert.DoesNotContain("Vera", record.ToString());
        Assert.DoesNotContain(Email, record.ToString());
        var chat = await designer.GetStringAsync("/v1/feedback/export?format=chat&workflow=zendesk-ticket-triage&count=1000", Cancel);
        Assert.Contains(chat.Split('\n'), line => line.Contains("Best regards from Rex", StringComparison.Ordinal) && line.Contains("\"role\":\"assistant\"", StringComparison.Ordinal));
        var labels = await designer.GetStringAsync("/v1/feedback/export?format=text-label&workflow=zendesk-ticket-triage&count=1000", Cancel);
        Assert.Contains(labels.Split('\n'), line => line.Contains("\"label\":\"returns\"", StringComparison.Ordinal) && line.Contains(subject, StringComparison.Ordinal));
        Assert.DoesNotContain("Vera", chat + labels);

        // At rest, the suite keeps nothing about the customer in clear: not in grain state, events, trigger queues,
        // connector results or approval tasks (all encrypted). The Sandbox's own records are excluded: it plays
        // Zendesk and Salesforce, which keep their customers' tickets and cases.
        var redis = (await suite.App.GetConnectionStringAsync("redis", Cancel))!;
        var leaks = await RedisScan.FindAsync(redis, [Name, Email, "2345678"], "sandbox:");
        Assert.True(leaks.Count == 0, "Personal data in clear in Redis:\n" + string.Join('\n', leaks));
        Assert.Contains(await RedisScan.FindAsync(redis, [Email]), l => l.StartsWith("sandbox:", StringComparison.Ordinal)); // the scan sees what is there
    }

    [Fact]
    public async Task A_category_the_reviewer_corrects_reaches_the_case_and_the_training_export()
    {
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var subject = $"Charged twice {Guid.NewGuid():N}"[..30];
        var ticket = await Invoke(connectors, "zendesk.ticket.create", new
        {
            subject, body = "I was charged twice for my last invoice, please refund one of the payments.", requester = new { name = "Ann Example", email = "ann@example.org" },
        });
        var trigger = await WebhookEvent(suite, ticket.GetProperty("ticket").GetProperty("id").GetInt64());
        var instanceId = InstanceIds.Of("zendesk-ticket-triage", trigger["id"]!.GetValue<string>());
        await InstanceAt(suite, instanceId, "Waiting");

        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        var task = (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray().Single(t => t.GetProperty("instanceId").GetString() == instanceId);
        var proposal = task.GetProperty("proposal");
        var corrected = proposal.GetProperty("category").GetString() == "technical" ? "account" : "technical";
        using var decided = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide",
            new { decision = "edit-approve", output = new { text = proposal.GetProperty("text").GetString(), category = corrected } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await InstanceAt(suite, instanceId, "Completed");

        var cases = await Invoke(connectors, "salesforce.query", new { soql = $"SELECT Id, Type FROM Case WHERE Subject = '{subject}'" });
        Assert.Equal(corrected, Assert.Single(cases.GetProperty("records").EnumerateArray()).GetProperty("Type").GetString());
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var labels = await designer.GetStringAsync("/v1/feedback/export?format=text-label&workflow=zendesk-ticket-triage&count=1000", Cancel);
        Assert.Contains(labels.Split('\n'), line => line.Contains(subject, StringComparison.Ordinal) && line.Contains($"\"label\":\"{corrected}\"", StringComparison.Ordinal));

        // The reply left for Zendesk after the gate: the instance's first response, counted in the business figures.
        var business = (await designer.GetFromJsonAsync<JsonElement>("/v1/kpis/zendesk-ticket-triage", Cancel)).GetProperty("business");
        Assert.True(business.GetProperty("firstResponseSeconds").GetProperty("samples").GetInt32() >= 1, business.ToString());
        Assert.True(business.GetProperty("overrideRate").GetDouble() > 0, business.ToString());

        // The draft step's model is an A/B split: the experiment report counts the outcome under the arm that answered.
        var experiment = await designer.GetFromJsonAsync<JsonElement>("/v1/experiments/zendesk-ticket-triage/draft", Cancel);
        Assert.Contains(experiment.GetProperty("arms").EnumerateArray(), a => a.GetProperty("arm").GetString()!.StartsWith("reply-drafter-", StringComparison.Ordinal) && a.GetProperty("outcomes").GetInt32() >= 1);

        // The workflow service hands the correction on to the classifier's feedback dataset in the inference service.
        using var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var datasets = await inference.GetFromJsonAsync<JsonElement>("/v1/datasets?model=ticket-classifier", Cancel);
            var feedback = datasets.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "feedback");
            if (feedback.GetProperty("labels").TryGetProperty(corrected, out var count) && count.GetInt32() >= 1)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The corrected label did not reach the feedback dataset within 30 s: {feedback}");
            await Task.Delay(500, Cancel);
        }
    }

    internal static async Task<JsonElement> Invoke(HttpClient connectors, string operation, object input)
    {
        using var response = await connectors.PostAsJsonAsync($"/v1/operations/{operation}/invoke", new { input }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {body}");
        return body.GetProperty("output");
    }

    internal static async Task<JsonObject> InstanceAt(SuiteFixture suite, string instance, string status)
    {
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await designer.GetAsync($"/v1/instances/{instance}", Cancel);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel)) is JsonObject state && state["status"]!.GetValue<string>() == status)
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Instance {instance} did not reach {status} within 30 s.");
            await Task.Delay(200, Cancel);
        }
    }

    internal static async Task<JsonObject> WebhookEvent(SuiteFixture suite, long ticketId)
    {
        // Whole, as the workflow service reads it (people see events without their data).
        using var service = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = await service.GetFromJsonAsync<JsonObject>("/v1/events?count=200", Cancel);
            if (events!["recent"]!.AsArray().FirstOrDefault(e => e!["subject"]!.GetValue<string>() == $"ticket:{ticketId}") is JsonObject found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No webhook event for ticket {ticketId} within 20 s.");
            await Task.Delay(200, Cancel);
        }
    }

    /// <summary>Records what is sent to the inference service, to show that no personal data is in it.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                lock (Bodies)
                {
                    Bodies.Add(request.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The services as the workflow service reaches them, through its typed clients: its own service token, the inference calls recorded.</summary>
    private ServiceProvider SuiteServices(RecordingHandler inference)
    {
        var recorded = suite.CreateHttpClient("inference", "workflows", Roles.Service);
        var inferenceClient = new HttpClient(new ServedModelHandler { InnerHandler = inference }, disposeHandler: false) { BaseAddress = recorded.BaseAddress };
        inferenceClient.DefaultRequestHeaders.Authorization = recorded.DefaultRequestHeaders.Authorization;
        return new ServiceCollection()
            .AddSingleton(new GovernanceClient(suite.CreateHttpClient("governance", "workflows", Roles.Service)))
            .AddSingleton(new InferenceClient(inferenceClient))
            .AddSingleton(new ConnectorClient(suite.CreateHttpClient("connectors", "workflows", Roles.Service)))
            .BuildServiceProvider();
    }
}
