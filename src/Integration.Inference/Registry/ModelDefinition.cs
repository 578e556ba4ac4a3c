using System.Globalization;

namespace Integration.Inference.Registry;

/// <summary>A logical model as callers see it: what it does, where it runs, what it costs.</summary>
public sealed record ModelDefinition(
    string Name,
    string Backend,
    string BackendModel,
    ModelTask Task,
    string Version,
    string? Description,
    int ContextLength,
    decimal CostPer1kInput,
    decimal CostPer1kOutput,
    IReadOnlyList<string> Fallback,
    IReadOnlyList<SplitVariant> Split,
    IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsSplit => Split.Count > 0;

    public string Parameter(string name, string fallback) => Parameters.GetValueOrDefault(name) ?? fallback;

    public int IntParameter(string name, int fallback) =>
        int.TryParse(Parameters.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public double DoubleParameter(string name, double fallback) =>
        double.TryParse(Parameters.GetValueOrDefault(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public decimal Cost(int inputTokens, int outputTokens) =>
        inputTokens / 1000m * CostPer1kInput + outputTokens / 1000m * CostPer1kOutput;

    public static ModelDefinition From(string name, ModelOptions options) => new(
        name, options.Backend, options.BackendModel ?? name, options.Task, options.Version, options.Description,
        options.ContextLength, options.CostPer1kInput, options.CostPer1kOutput, options.Fallback, options.Split, options.Parameters);
}
