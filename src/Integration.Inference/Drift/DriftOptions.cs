using System.ComponentModel.DataAnnotations;

namespace Integration.Inference.Drift;

/// <summary>Drift monitoring of the classifiers' inputs (configuration: Inference:Drift).</summary>
public sealed class DriftOptions
{
    public const string SectionName = "Inference:Drift";

    /// <summary>How far back the recent inputs reach that are compared with the reference.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Fewer recent inputs than this say nothing yet: no figures, no alert.</summary>
    [Range(1, 1_000_000)]
    public int MinimumItems { get; set; } = 30;

    /// <summary>
    /// A population stability index this far above what chance gives with the window's number of inputs, for length, label or
    /// confidence, raises an alert (0.25 is the usual "significant shift").
    /// </summary>
    [Range(0.0, 100.0)]
    public double PsiAlert { get; set; } = 0.25;

    /// <summary>A cosine distance between the recent and the reference embedding centroids above this raises an alert.</summary>
    [Range(0.0, 2.0)]
    public double CentroidAlert { get; set; } = 0.15;

    /// <summary>How often each classifier's drift is checked for an alert; zero turns the check off (the API still reports).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most this many inputs a second are observed; the rest are a sample's complement, not a loss (drift is about
    /// distributions). Embedding costs about 11 ms an input on one core here: 20 a second keeps the monitor near a fifth of a core.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPerSecond { get; set; } = 20;

    /// <summary>Inputs waiting to be embedded; past this they are not observed (counted as dropped), so that a burst never slows a model call.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
