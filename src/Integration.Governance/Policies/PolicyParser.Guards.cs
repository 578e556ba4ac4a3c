using Integration.Governance.Approvals;
using Integration.Governance.Guards;
using YamlDotNet.RepresentationModel;

namespace Integration.Governance.Policies;

/// <summary>The input and output guard sections: classification, model allow-lists, injection, output checks.</summary>
public static partial class PolicyParser
{
    private static ClassificationPolicy? Classification(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "classification", "$.classification", "classification is a mapping with the keys rules, otherwise.", error) is not { } section)
        {
            return null;
        }

        UnknownKeys(section, "$.classification", ["rules", "otherwise"], error);
        var rules = new List<(DataClass, RuleExpression)>();
        if (Child(section, "rules") is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var path = $"$.classification.rules[{i}]";
                if (list.Children[i] is not YamlMappingNode rule)
                {
                    error(path, list.Children[i], "A rule is a mapping with class and when.");
                    continue;
                }

                UnknownKeys(rule, path, ["class", "when"], error);
                var dataClass = DataClassAt(rule, "class", path, error);
                var when = ExpressionAt(rule, "when", path, error);
                if (dataClass is not null && when is not null)
                {
                    rules.Add((dataClass.Value, when));
                }
            }
        }

        var otherwise = Child(section, "otherwise") is null ? DataClass.Internal : DataClassAt(section, "otherwise", "$.classification", error);
        return new ClassificationPolicy(rules, otherwise ?? DataClass.Internal);
    }

    private static Dictionary<DataClass, IReadOnlyList<string>>? Models(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "models", "$.models", "models maps a data class to the models that may receive it.", error) is not { } section)
        {
            return null;
        }

        // Classes the policy does not list keep the defaults.
        var models = GuardDefaults.Models.ToDictionary(m => m.Key, m => m.Value);
        foreach (var (keyNode, valueNode) in section.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var path = $"$.models.{key}";
            if (GuardDefaults.ParseClass(key) is not { } dataClass)
            {
                error(path, keyNode, "Unknown data class; use public, internal, confidential or restricted.");
            }
            else if (valueNode is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            {
                models[dataClass] = [.. list.Children.Cast<YamlScalarNode>().Select(c => c.Value!)];
            }
            else
            {
                error(path, valueNode, "Give a list of model names; \"*\" is every model, \"local:*\" every name starting with local:.");
            }
        }

        return models;
    }

    private static InjectionPolicy? Injection(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "injection", "$.injection", "injection is a mapping with threshold and action.", error) is not { } section)
        {
            return null;
        }

        UnknownKeys(section, "$.injection", ["threshold", "action"], error);
        var threshold = GuardDefaults.Injection.Threshold;
        if (Child(section, "threshold") is { } thresholdNode
            && !(thresholdNode is YamlScalarNode { Value: { } t } && double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out threshold) && threshold is > 0 and <= 1))
        {
            error("$.injection.threshold", thresholdNode, "threshold is a score above 0 and at most 1.");
        }

        var action = GuardDefaults.Injection.Action;
        if (Child(section, "action") is { } actionNode)
        {
            if (GuardDefaults.ParseAction((actionNode as YamlScalarNode)?.Value) is { } parsed)
            {
                action = parsed;
            }
            else
            {
                error("$.injection.action", actionNode, "action is flag, require-approval or deny.");
            }
        }

        return new InjectionPolicy(threshold, action);
    }

    private static OutputPolicy? Output(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "output", "$.output", "output is a mapping with bannedPhrases, maxRefund and maxLength.", error) is not { } section)
        {
            return null;
        }

        UnknownKeys(section, "$.output", ["bannedPhrases", "maxRefund", "maxLength"], error);
        var phrases = new List<string>();
        if (Child(section, "bannedPhrases") is { } phrasesNode)
        {
            if (phrasesNode is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            {
                phrases.AddRange(list.Children.Cast<YamlScalarNode>().Select(c => c.Value!));
            }
            else
            {
                error("$.output.bannedPhrases", phrasesNode, "bannedPhrases is a list of non-empty strings.");
            }
        }

        var maxRefund = Number(section, "maxRefund", "$.output", 0m, decimal.MaxValue, Amount, "maxRefund is an amount of 0 or more.", error);
        var maxLength = Number(section, "maxLength", "$.output", 1, int.MaxValue, WholeNumber, "maxLength is a whole number of characters above 0.", error);

        return new OutputPolicy(phrases, maxRefund, maxLength);
    }

    private static DataClass? DataClassAt(YamlMappingNode node, string key, string path, Action<string, YamlNode?, string> error)
    {
        var value = Scalar(node, key, path, required: true, error);
        var parsed = GuardDefaults.ParseClass(value);
        if (value is not null && parsed is null)
        {
            error($"{path}.{key}", Child(node, key), "A data class is public, internal, confidential or restricted.");
        }

        return parsed;
    }
}
