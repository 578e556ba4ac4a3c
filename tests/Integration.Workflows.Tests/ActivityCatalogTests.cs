using Integration.Workflows;
using Integration.Workflows.Activities;

namespace Integration.Workflows.Tests;

/// <summary>Every activity type of the catalog is carried out by the runner the catalog names, and by nobody else.</summary>
public sealed class ActivityCatalogTests
{
    [Fact]
    public void Every_activity_of_the_shipped_catalog_has_its_runner()
    {
        Assert.Empty(ActivityCatalog.RunnerProblems(ActivityCatalog.All, WorkflowServices.ActivityRunners));
        Assert.Equal(ActivityCatalog.All.Count, WorkflowServices.ActivityRunners.Values.Sum(r => r.Count));
    }

    [Fact]
    public void A_new_activity_missing_from_its_runner_is_named_before_anything_starts()
    {
        var translate = new ActivityDescriptor("llm.translate", "AI", "Translate", "Translates text.", [], [], ["done"], Runner: ActivityRunner.Services);
        var moved = ActivityCatalog.All.Select(a => a.Type == ActivityTypes.Delay ? a with { Runner = ActivityRunner.Services } : a).ToList();

        var missing = ActivityCatalog.RunnerProblems([.. ActivityCatalog.All, translate], WorkflowServices.ActivityRunners);
        var disagree = ActivityCatalog.RunnerProblems(moved, WorkflowServices.ActivityRunners);

        Assert.Equal(["Activity type 'llm.translate' is run by Services, which does not carry it out."], missing);
        Assert.Contains("Activity type 'flow.delay' is run by Services, which does not carry it out.", disagree);
        Assert.Contains("Engine carries out 'flow.delay', which the catalog does not give it.", disagree);
    }
}
