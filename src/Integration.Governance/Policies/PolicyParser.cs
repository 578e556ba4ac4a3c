using Integration.Governance.Approvals;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Integration.Governance.Policies;

/// <summary>
/// Reads a policy in YAML (JSON is YAML too) and reports every error with its JSON path and line,
/// so an admin fixes them all in one go. Nothing invalid ever becomes a <see cref="PolicyDocument"/>.
/// </summary>
/// <example>
/// description: Support tickets
/// appliesTo:
///   workflows: ["zendesk-triage"]     # or ["*"] for every workflow
/// pii:
///   operators:
///     CreditCard: Mask
///     Email: Replace
///   recognizers:
///     - { name: customer-number, pattern: "CUST-\d{6}", operator: Hash }   # optional validate: luhn | iban
///     - { name: vip, dictionary: [Ada Lovelace, Grace Hopper] }
/// budgets:
///   perWorkflow: { tokensPerDay: 200000, costPerDay: 25 }   # each workflow the policy applies to
///   perDepartment:
///     support: { tokensPerDay: 1000000, costPerDay: 100 }
/// approval:
///   rules:
///     - { name: deny-injection, when: "findings.injection > 0", decide: deny }
///     - { name: confident, when: "confidence >= 0.9 and findings.total == 0", decide: auto-approve }
///   otherwise: { decide: human, role: reviewer }
/// classification:
///   rules:
///     - { class: restricted, when: "findings.CreditCard > 0" }
///   otherwise: internal
/// models:                                  # which models may receive each class
///   confidential: [reply-drafter, "local:*"]
///   restricted: ["local:*"]
/// injection: { threshold: 0.5, action: require-approval }
/// output: { bannedPhrases: ["legal advice"], maxRefund: 100, maxLength: 4000 }
/// </example>
public static partial class PolicyParser
{
    private static readonly string[] RootKeys = ["description", "appliesTo", "pii", "budgets", "approval", "classification", "models", "injection", "output"];

    public static (PolicyDocument? Document, Dictionary<string, string[]> Errors) Parse(string source)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string path, YamlNode? node, string message) =>
            (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(node is null ? message : $"{message} (line {node.Start.Line})");

        YamlMappingNode? root = null;
        if (FlowNestingDepth(source) > MaxNesting)
        {
            Error("$", null, $"The policy nests lists or mappings more than {MaxNesting} deep.");
            return (null, Finish(errors));
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(source));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
            if (root is null)
            {
                Error("$", null, "A policy is a mapping with the keys " + string.Join(", ", RootKeys) + ".");
            }
        }
        catch (YamlException ex)
        {
            Error("$", null, $"Not valid YAML or JSON at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on some truncated input.
            Error("$", null, "Not valid YAML or JSON: the text ends inside an unclosed list or mapping.");
        }

        if (root is null)
        {
            return (null, Finish(errors));
        }

        UnknownKeys(root, "$", RootKeys, Error);
        var description = Scalar(root, "description", "$", required: false, Error);
        var workflows = WorkflowList(root, Error);
        var operators = PiiOperators(root, Error);
        var recognizers = Recognizers(root, Error);
        var reveal = Reveal(root, recognizers, Error);
        var (perWorkflow, perDepartment) = Budgets(root, Error);
        var approval = Approval(root, Error);
        var classification = Classification(root, Error);
        var models = Models(root, Error);
        var injection = Injection(root, Error);
        var output = Output(root, Error);
        return errors.Count > 0
            ? (null, Finish(errors))
            : (new PolicyDocument(description, workflows, operators, perWorkflow, perDepartment, approval, classification, models, injection, output, recognizers, reveal), []);
    }

    private static List<string> WorkflowList(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Child(root, "appliesTo") is not YamlMappingNode appliesTo)
        {
            error("$.appliesTo", Child(root, "appliesTo"), "Say which workflows the policy applies to: appliesTo: { workflows: [\"*\"] }.");
            return [];
        }

        UnknownKeys(appliesTo, "$.appliesTo", ["workflows"], error);
        if (Child(appliesTo, "workflows") is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            error("$.appliesTo.workflows", appliesTo, "Give a list of workflow ids, or [\"*\"] for all.");
            return [];
        }

        var workflows = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is YamlScalarNode { Value: { Length: > 0 and <= 128 } id })
            {
                workflows.Add(id);
            }
            else
            {
                error($"$.appliesTo.workflows[{i}]", list.Children[i], "A workflow id is a string of 1-128 characters.");
            }
        }

        return workflows;
    }

    private static RuleExpression? ExpressionAt(YamlMappingNode node, string key, string path, Action<string, YamlNode?, string> error)
    {
        if (Scalar(node, key, path, required: true, error) is not { } source)
        {
            return null;
        }

        try
        {
            return RuleExpression.Parse(source);
        }
        catch (FormatException ex)
        {
            error($"{path}.{key}", Child(node, key), $"The expression is invalid: {ex.Message}.");
            return null;
        }
    }

    private const int MaxNesting = 32;

    /// <summary>
    /// How deep [ and { nest, counted before the YAML reader recurses into them: a policy of 64 KiB of "[" must
    /// be refused, not overflow the stack. Brackets inside quotes count too; no real policy comes near.
    /// </summary>
    private static int FlowNestingDepth(string source)
    {
        int depth = 0, deepest = 0;
        foreach (var c in source)
        {
            if (c is '[' or '{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return deepest;
    }

    /// <summary>The mapping under <paramref name="key"/>; null when absent, and an error when it is there but not a mapping.</summary>
    private static YamlMappingNode? Section(YamlMappingNode parent, string key, string path, string shape, Action<string, YamlNode?, string> error)
    {
        var node = Child(parent, key);
        if (node is not null and not YamlMappingNode)
        {
            error(path, node, shape);
        }

        return node as YamlMappingNode;
    }

    private const System.Globalization.NumberStyles WholeNumber = System.Globalization.NumberStyles.None;
    private const System.Globalization.NumberStyles Amount = System.Globalization.NumberStyles.AllowDecimalPoint;

    /// <summary>The number at <paramref name="key"/> within [min, max]; null when absent, an error with its path when not such a number.</summary>
    private static T? Number<T>(
        YamlMappingNode node, string key, string path, T min, T max, System.Globalization.NumberStyles style, string message, Action<string, YamlNode?, string> error)
        where T : struct, System.Numerics.INumber<T>
    {
        if (Child(node, key) is not { } value)
        {
            return null;
        }

        if (value is YamlScalarNode { Value: { } text }
            && T.TryParse(text, style, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        error($"{path}.{key}", value, message);
        return null;
    }

    /// <summary>By exact name only: Enum.TryParse would also take "1".</summary>
    private static bool TryParseName<T>(string name, out T value) where T : struct, Enum
    {
        value = default;
        return Enum.GetNames<T>().Contains(name, StringComparer.Ordinal) && Enum.TryParse(name, out value);
    }

    private static string? Scalar(YamlMappingNode node, string key, string parentPath, bool required, Action<string, YamlNode?, string> error)
    {
        var child = Child(node, key);
        if (child is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        if (child is not null || required)
        {
            error($"{parentPath}.{key}", child ?? node, $"{key} is a string.");
        }

        return null;
    }

    private static void UnknownKeys(YamlMappingNode node, string path, string[] allowed, Action<string, YamlNode?, string> error)
    {
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Where(k => !allowed.Contains(k.Value)))
        {
            error($"{path}.{key.Value}", key, $"Unknown key; expected one of {string.Join(", ", allowed)}.");
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static Dictionary<string, string[]> Finish(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
