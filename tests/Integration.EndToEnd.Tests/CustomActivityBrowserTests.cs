extern alias portal;
extern alias workflows;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Integration.Workflows.Activities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Playwright;
using static Integration.EndToEnd.Tests.DesignerBrowserTests;

namespace Integration.EndToEnd.Tests;

/// <summary>A company's own activity: its inputs record and its class, registered with one line.</summary>
public sealed record ShoutInputs([property: Input("What to shout, e.g. {{ input.name }}", Kind = InputKind.Template)] string Text);

[Activity("text.shout", "Text", "Shout", "Writes a text in capitals.")]
[Output("text", "string", "The text in capitals")]
public sealed class Shout : Activity<ShoutInputs>
{
    protected override Task<StepResult> RunAsync(StepContext context, ShoutInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(new JsonObject { ["text"] = inputs.Text.ToUpperInvariant() }));
}

/// <summary>The workflow service in process with <see cref="Shout"/> registered, and the Portal in front of it, both on real ports.</summary>
public sealed class PortalWithShout : IAsyncLifetime
{
    public WorkflowsWithShout Workflows { get; } = new();

    public PortalOn Portal { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Workflows.InitializeAsync();
        Portal = new PortalOn(Workflows.Url) { SigningKey = Workflows.SigningKey };
        await Portal.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Workflows.DisposeAsync();
    }

    public sealed class WorkflowsWithShout : ServiceFactory<workflows::Program>
    {
        protected override IReadOnlyDictionary<string, string?> Settings => SiloSettings.OnFreePorts();

        protected override bool OnRealPort => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddActivity<Shout>()); // the one registration line
        }
    }

    // The designer's other services (the connector catalog, the models) answer 404 here: it offers their fields as text.
    public sealed class PortalOn(string workflows) : ServiceFactory<portal::Program>
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["services:workflows:http:0"] = workflows,
            ["services:connectors:http:0"] = workflows,
            ["services:inference:http:0"] = workflows,
            ["services:governance:http:0"] = workflows,
            ["Auth:DevTokensEnabled"] = "true",
        };

        protected override bool OnRealPort => true;
    }
}

/// <summary>
/// A company's activity in the designer: registered in the workflow service, it is in the palette under its category;
/// a process owner draws it into a workflow, fills its input, publishes, and an instance runs it.
/// </summary>
public sealed class CustomActivityBrowserTests(PortalWithShout suite, Browser browser) : IClassFixture<PortalWithShout>, IClassFixture<Browser>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_companys_own_activity_is_in_the_palette_and_runs_in_a_workflow_drawn_with_it()
    {
        var id = $"shout-{Guid.NewGuid():N}"[..18];
        var page = await browser.SignInAsync(new Uri(suite.Portal.Url), "dora", Roles.Designer);
        await page.GotoAsync("/designer");
        await page.GetByTestId("new-id").Locator("input").FillAsync(id);
        await page.GetByTestId("new-name").Locator("input").FillAsync("Shout a name");
        await page.GetByTestId("create").ClickAsync();

        var palette = page.GetByTestId("palette-text.shout");
        await Browser.ExpectAsync(page, palette, "the company's activity in the palette");
        Assert.Contains("Shout", await palette.InnerTextAsync());
        foreach (var type in new[] { "trigger.manual", "text.shout", "flow.end" })
        {
            await page.GetByTestId($"palette-{type}").ClickAsync();
        }

        await page.GetByTestId("layout").ClickAsync();
        await SettledAsync(page, "flow-end");
        await ConnectAsync(page, "trigger-manual", "done", "text-shout");
        await ConnectAsync(page, "text-shout", "done", "flow-end");
        await Node(page, "text-shout").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("properties").GetByText("Writes a text in capitals"), "the activity's description from its class");
        await DesignerFlagshipTests.TypeAsync(page, page.GetByTestId("input-text"), "{{ input.name }}");
        await Node(page, "flow-end").ClickAsync();
        await DesignerFlagshipTests.TypeAsync(page, page.GetByTestId("input-outputs"), "({ shouted: steps['text-shout'].text })");
        await Browser.ExpectAsync(page, page.GetByTestId("problems").GetByText("No problems"), "no problems once its input is filled in");
        await Browser.ScreenshotAsync(page, "designer-custom-activity");
        await page.GetByTestId("save").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "draft v1" }), "draft version 1 saved");
        await page.GetByTestId("publish").ClickAsync();
        await Browser.ExpectAsync(page, page.GetByTestId("version-state").Filter(new() { HasText = "published v1" }), "version 1 published");

        using var designer = suite.Workflows.CreateClient("dora", Roles.Designer);
        using var started = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { name = "Vera Quist" } }, Cancel);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Cancel));
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement view;
        while ((view = await designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel)).GetProperty("status").GetString() != "Completed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Cancel);
        }

        Assert.Equal("VERA QUIST", view.GetProperty("outputs").GetProperty("shouted").GetString());
        await page.Context.CloseAsync();
    }
}
