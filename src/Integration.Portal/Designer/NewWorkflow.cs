namespace Integration.Portal.Designer;

/// <summary>A workflow to create: its id, its name if given, and the workflow to copy (null: a blank canvas).</summary>
public sealed record NewWorkflow(string Id, string? Name, string? Template);
