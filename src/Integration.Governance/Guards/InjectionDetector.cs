using System.Text.RegularExpressions;

namespace Integration.Governance.Guards;

public sealed record InjectionAssessment(double Score, IReadOnlyList<InjectionEvidence> Evidence);

/// <summary>
/// Scores text for prompt injection from known signals: instructions to drop earlier instructions, to take
/// another role, to reveal the prompt, chat-template markers. The score is 1 - Π(1 - weight) over the
/// distinct signals found: one strong signal is enough to pass 0.5, weak ones add up. A heuristic, not a
/// classifier: it catches the common phrasings and says which words it matched.
/// </summary>
public static partial class InjectionDetector
{
    private static readonly (string Signal, double Weight, Regex Pattern)[] Signals =
    [
        ("ignore-previous-instructions", 0.8, IgnorePrevious()),
        ("new-role", 0.5, NewRole()),
        ("reveal-prompt", 0.6, RevealPrompt()),
        ("template-marker", 0.7, TemplateMarker()),
        ("jailbreak-term", 0.6, JailbreakTerm()),
        ("override-policy", 0.5, OverridePolicy()),
    ];

    public static InjectionAssessment Assess(string text)
    {
        var evidence = new List<InjectionEvidence>();
        foreach (var (signal, weight, pattern) in Signals)
        {
            evidence.AddRange(pattern.Matches(text).Take(5).Select(m => new InjectionEvidence(signal, m.Index, m.Length, weight)));
        }

        var score = 1 - evidence.GroupBy(e => e.Signal).Aggregate(1.0, (remaining, signal) => remaining * (1 - signal.First().Weight));
        return new InjectionAssessment(Math.Round(score, 3), [.. evidence.OrderBy(e => e.Start)]);
    }

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|skip)\b.{0,20}\b(?:all|any|the|your|previous|prior|above|earlier|preceding)\b.{0,20}\b(?:instructions?|prompts?|rules|directions|guidelines|context)\b", Options)]
    private static partial Regex IgnorePrevious();

    [GeneratedRegex(@"\b(?:you are now|from now on,? you|pretend (?:to be|you are)|act as (?:an?|the) (?!customer)\w+|roleplay as)\b", Options)]
    private static partial Regex NewRole();

    [GeneratedRegex(@"\b(?:reveal|show|print|repeat|tell me|output)\b.{0,20}\b(?:system prompt|your (?:instructions|prompt|rules)|hidden (?:instructions|prompt))\b", Options)]
    private static partial Regex RevealPrompt();

    [GeneratedRegex(@"<\|(?:im_start|im_end|system|endoftext)\|>|\[/?INST\]|^\s*#{2,}\s*(?:system|instruction)s?\s*:?", Options | RegexOptions.Multiline)]
    private static partial Regex TemplateMarker();

    [GeneratedRegex(@"\b(?:jailbreak|DAN mode|developer mode|do anything now|no restrictions)\b", Options)]
    private static partial Regex JailbreakTerm();

    [GeneratedRegex(@"\b(?:approve|auto-?approve|mark)\b.{0,30}\b(?:without|no)\b.{0,10}\b(?:review|approval|human)\b", Options)]
    private static partial Regex OverridePolicy();
}
