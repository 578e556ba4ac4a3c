using Integration.Governance.Pii;
using Integration.Governance.Redaction;
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
/// budgets:
///   perWorkflow: { tokensPerDay: 200000, costPerDay: 25 }   # each workflow the policy applies to
///   perDepartment:
///     support: { tokensPerDay: 1000000, costPerDay: 100 }
/// </example>
public static class PolicyParser
{
    private static readonly string[] RootKeys = ["description", "appliesTo", "pii", "budgets"];

    public static (PolicyDocument? Document, Dictionary<string, string[]> Errors) Parse(string source)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string path, YamlNode? node, string message) =>
            (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(node is null ? message : $"{message} (line {node.Start.Line})");

        YamlMappingNode? root = null;
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
        var (perWorkflow, perDepartment) = Budgets(root, Error);
        return errors.Count > 0
            ? (null, Finish(errors))
            : (new PolicyDocument(description, workflows, operators, perWorkflow, perDepartment), []);
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

    private static Dictionary<PiiType, RedactionOperator> PiiOperators(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        var result = new Dictionary<PiiType, RedactionOperator>();
        if (Child(root, "pii") is not { } piiNode)
        {
            return result;
        }

        if (piiNode is not YamlMappingNode pii)
        {
            error("$.pii", piiNode, "pii is a mapping with the key operators.");
            return result;
        }

        UnknownKeys(pii, "$.pii", ["operators"], error);
        if (Child(pii, "operators") is not { } operatorsNode)
        {
            return result;
        }

        if (operatorsNode is not YamlMappingNode operators)
        {
            error("$.pii.operators", operatorsNode, "operators maps a kind of personal data to Replace, Mask, Hash or Drop.");
            return result;
        }

        foreach (var (keyNode, valueNode) in operators.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var path = $"$.pii.operators.{key}";
            if (!TryParseName<PiiType>(key, out var type))
            {
                error(path, keyNode, $"Unknown kind of personal data; use one of {string.Join(", ", Enum.GetNames<PiiType>())}.");
            }
            else if (valueNode is not YamlScalarNode { Value: { } name } || !TryParseName<RedactionOperator>(name, out var op))
            {
                error(path, valueNode, $"Unknown operator; use one of {string.Join(", ", Enum.GetNames<RedactionOperator>())}.");
            }
            else
            {
                result[type] = op;
            }
        }

        return result;
    }

    private static (BudgetLimits?, Dictionary<string, BudgetLimits>?) Budgets(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Child(root, "budgets") is not { } node)
        {
            return (null, null);
        }

        if (node is not YamlMappingNode budgets)
        {
            error("$.budgets", node, "budgets is a mapping with the keys perWorkflow, perDepartment.");
            return (null, null);
        }

        UnknownKeys(budgets, "$.budgets", ["perWorkflow", "perDepartment"], error);
        var perWorkflow = Child(budgets, "perWorkflow") is { } workflowNode ? Limits(workflowNode, "$.budgets.perWorkflow", error) : null;
        Dictionary<string, BudgetLimits>? perDepartment = null;
        if (Child(budgets, "perDepartment") is YamlMappingNode departments)
        {
            perDepartment = [];
            foreach (var (key, value) in departments.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                if (Limits(value, $"$.budgets.perDepartment.{name}", error) is { } limits)
                {
                    perDepartment[name] = limits;
                }
            }
        }
        else if (Child(budgets, "perDepartment") is { } other)
        {
            error("$.budgets.perDepartment", other, "perDepartment maps a department to its limits.");
        }

        return (perWorkflow, perDepartment);
    }

    private static BudgetLimits? Limits(YamlNode node, string path, Action<string, YamlNode?, string> error)
    {
        if (node is not YamlMappingNode limits)
        {
            error(path, node, "Limits are a mapping with tokensPerDay and/or costPerDay.");
            return null;
        }

        UnknownKeys(limits, path, ["tokensPerDay", "costPerDay"], error);
        long? tokens = null;
        decimal? cost = null;
        if (Child(limits, "tokensPerDay") is { } tokensNode)
        {
            if (tokensNode is YamlScalarNode { Value: { } t } && long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                tokens = parsed;
            }
            else
            {
                error($"{path}.tokensPerDay", tokensNode, "tokensPerDay is a whole number of 0 or more.");
            }
        }

        if (Child(limits, "costPerDay") is { } costNode)
        {
            if (costNode is YamlScalarNode { Value: { } c } && decimal.TryParse(c, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                cost = parsed;
            }
            else
            {
                error($"{path}.costPerDay", costNode, "costPerDay is a number of 0 or more, such as 25 or 12.50.");
            }
        }

        if (tokens is null && cost is null && limits.Children.Count == 0)
        {
            error(path, node, "Give tokensPerDay, costPerDay or both.");
        }

        return new BudgetLimits(tokens, cost);
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
