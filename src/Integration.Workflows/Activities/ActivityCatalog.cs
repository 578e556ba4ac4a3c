using Integration.Workflows.Activities.Connectors;
using Integration.Workflows.Activities.Flow;
using Integration.Workflows.Activities.Human;
using Integration.Workflows.Activities.Models;
using Integration.Workflows.Activities.Triggers;

namespace Integration.Workflows.Activities;

/// <summary>
/// Every activity a definition may use: what is registered (<see cref="ActivityRegistration"/>). A type registered again
/// replaces the earlier registration (a company's own version of a shipped activity, a test's stand-in). Outcome "done"
/// is the ordinary way on; "failed" is taken when a step's retries run out and the definition says where to go.
/// </summary>
public sealed class ActivityCatalog
{
    private readonly Dictionary<string, IActivity> _byType = new(StringComparer.Ordinal);

    public ActivityCatalog(IEnumerable<IActivity> activities)
    {
        var order = new List<string>();
        foreach (var activity in activities)
        {
            if (_byType.TryAdd(activity.Descriptor.Type, activity))
            {
                order.Add(activity.Descriptor.Type);
            }
            else
            {
                _byType[activity.Descriptor.Type] = activity;
            }
        }

        All = [.. order.Select(type => _byType[type].Descriptor)];
    }

    /// <summary>The activities the suite ships, as a catalog of their own (for what runs before or without the host: tests, tools).</summary>
    public static ActivityCatalog Shipped { get; } = new(ActivityRegistration.Shipped());

    public IReadOnlyList<ActivityDescriptor> All { get; }

    public ActivityDescriptor? Find(string? type) => type is not null && _byType.TryGetValue(type, out var activity) ? activity.Descriptor : null;

    /// <summary>The activity that carries out a type; the validator has made sure every type of a saved definition has one.</summary>
    public IActivity Activity(string type) =>
        _byType.TryGetValue(type, out var activity) ? activity : throw new InvalidOperationException($"'{type}' is not an activity type of this catalog.");
}

/// <summary>How an activity joins the catalog: one registration line (<c>services.AddActivity&lt;MyActivity&gt;()</c>).</summary>
public static class ActivityRegistration
{
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services) where TActivity : class, IActivity =>
        services.AddSingleton<IActivity, TActivity>();

    /// <summary>The shipped activities, in the palette's order, and the catalog built from every registered one.</summary>
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddActivity<ManualTrigger>().AddActivity<ConnectorEventTrigger>().AddActivity<ScheduleTrigger>()
            .AddActivity<Classify>().AddActivity<Extract>().AddActivity<Summarize>().AddActivity<Generate>().AddActivity<Retrieve>().AddActivity<Train>()
            .AddActivity<ApprovalGate>()
            .AddActivity<ConnectorCall>()
            .AddActivity<Decision>().AddActivity<Switch>().AddActivity<Fork>().AddActivity<Join>().AddActivity<ForEach>().AddActivity<Delay>()
            .AddActivity<Flow.Timer>().AddActivity<SetVariable>().AddActivity<CallWorkflow>().AddActivity<End>().AddActivity<Fail>();
        return services.AddSingleton<ActivityCatalog>();
    }

    /// <summary>The shipped activities, each made once (none needs more than its constructor: services come through its context).</summary>
    public static IEnumerable<IActivity> Shipped()
    {
        var services = new ServiceCollection();
        services.AddActivities();
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetServices<IActivity>()];
    }
}
