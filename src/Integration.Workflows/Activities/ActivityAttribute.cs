namespace Integration.Workflows.Activities;

/// <summary>What an activity class is, for the palette, the validator and the engine: its type name, where and how it is shown, its outcomes.</summary>
/// <param name="type">The name definitions use, e.g. <c>flow.delay</c>: a category, a dot, a camelCase verb or noun.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type, string category, string displayName, string description) : Attribute
{
    public string Type { get; } = type;

    public string Category { get; } = category;

    public string DisplayName { get; } = displayName;

    public string Description { get; } = description;

    /// <summary>The labels its outgoing connections may carry; <c>done</c> is the ordinary way on.</summary>
    public string[] Outcomes { get; init; } = ["done"];

    /// <summary>An instance starts here (a workflow has at least one).</summary>
    public bool IsTrigger { get; init; }

    /// <summary>It can suspend an instance (a gate, a timer): only loops through one may repeat.</summary>
    public bool Waits { get; init; }

    /// <summary>The input whose entries name further outcomes (a switch's cases, a fork's branches).</summary>
    public string? DynamicOutcomes { get; init; }

    /// <summary>It reaches outside the instance (a model, a connector): the instance is checkpointed before it runs, so that a crash repeats it with the same idempotency key.</summary>
    public bool ReachesOutside { get; init; }
}

/// <summary>One of the activity's outputs, as later steps read it (<c>steps.{id}.{name}</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutputAttribute(string name, string type, string description) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string Description { get; } = description;
}

/// <summary>
/// An input of the activity: a property of its inputs record. Its name, JSON type, whether it is required and its default
/// come from the property (a nullable one or one with a default is optional; an enum offers its values as choices).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class InputAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>How a definition gives the value: a literal (the default), a JavaScript expression, a Liquid template, a cron expression.</summary>
    public InputKind Kind { get; init; } = InputKind.Literal;

    /// <summary>A default no C# constant can hold (a list), as JSON.</summary>
    public string? Default { get; init; }
}
