using Integration.Governance.Pii;
using Integration.Governance.Redaction;
using YamlDotNet.RepresentationModel;

namespace Integration.Governance.Policies;

/// <summary>The pii section: operators per kind and custom recognizers.</summary>
public static partial class PolicyParser
{
    private static Dictionary<PiiType, RedactionOperator> PiiOperators(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        var result = new Dictionary<PiiType, RedactionOperator>();
        if (Section(root, "pii", "$.pii", "pii is a mapping with the key operators.", error) is not { } pii)
        {
            return result;
        }

        UnknownKeys(pii, "$.pii", ["operators", "recognizers", "reveal"], error);
        if (Section(pii, "operators", "$.pii.operators", "operators maps a kind of personal data to Replace, Mask, Hash or Drop.", error) is not { } operators)
        {
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

    /// <summary>
    /// The pii section's reveal: which roles may see the real value behind which kinds of placeholder (kinds by name, a
    /// recognizer of this policy by its name, or "*" for every kind). Nobody may where the policy is silent.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>>? Reveal(YamlMappingNode root, IReadOnlyList<CustomRecognizer>? recognizers, Action<string, YamlNode?, string> error)
    {
        if (Child(root, "pii") is not YamlMappingNode pii
            || Section(pii, "reveal", "$.pii.reveal", "reveal maps a role to the kinds of personal data it may see.", error) is not { } section)
        {
            return null;
        }

        var reveal = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in section.Children)
        {
            var role = ((YamlScalarNode)keyNode).Value ?? "";
            var path = $"$.pii.reveal.{role}";
            if (!Integration.ServiceDefaults.Auth.Roles.UserRoles.Contains(role))
            {
                error(path, keyNode, $"Unknown role; use one of {string.Join(", ", Integration.ServiceDefaults.Auth.Roles.UserRoles)}.");
                continue;
            }

            if (valueNode is not YamlSequenceNode list || !list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            {
                error(path, valueNode, "Give a list of kinds of personal data (Email, Phone, …), recognizer names of this policy, or \"*\" for all.");
                continue;
            }

            var kinds = new List<string>();
            foreach (var kind in list.Children.Cast<YamlScalarNode>().Select(c => c.Value!))
            {
                if (kind == "*" || recognizers?.Any(r => r.Name == kind) == true)
                {
                    kinds.Add(kind);
                }
                else if (TryParseName<PiiType>(kind, out var type) && type != PiiType.Custom)
                {
                    kinds.Add(type.ToString());
                }
                else
                {
                    error(path, valueNode, $"'{kind}' is not a kind of personal data; use {string.Join(", ", Enum.GetNames<PiiType>().Where(n => n != nameof(PiiType.Custom)))}, a recognizer of this policy, or \"*\".");
                }
            }

            reveal[role] = kinds;
        }

        return reveal;
    }

    private static List<CustomRecognizer>? Recognizers(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Child(root, "pii") is not YamlMappingNode pii || Child(pii, "recognizers") is not { } node)
        {
            return null;
        }

        if (node is not YamlSequenceNode list)
        {
            error("$.pii.recognizers", node, "recognizers is a list.");
            return null;
        }

        var recognizers = new List<CustomRecognizer>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"$.pii.recognizers[{i}]";
            if (list.Children[i] is not YamlMappingNode entry)
            {
                error(path, list.Children[i], "A recognizer is a mapping with name and pattern or dictionary.");
                continue;
            }

            UnknownKeys(entry, path, ["name", "pattern", "dictionary", "validate", "operator"], error);
            var name = Scalar(entry, "name", path, required: true, error);
            if (name is not null && (!RecognizerName().IsMatch(name) || !names.Add(name)))
            {
                error($"{path}.name", Child(entry, "name"), "A recognizer name is 1-40 lowercase letters, digits and hyphens, unique in the policy.");
            }

            var regex = RecognizerPattern(entry, path, error);
            var validation = Child(entry, "validate") switch
            {
                null => CustomValidation.None,
                YamlScalarNode { Value: "luhn" } => CustomValidation.Luhn,
                YamlScalarNode { Value: "iban" } => CustomValidation.Iban,
                var other => InvalidValidation(other),
            };
            RedactionOperator? op = null;
            if (Child(entry, "operator") is { } opNode)
            {
                if ((opNode as YamlScalarNode)?.Value is { } opName && TryParseName<RedactionOperator>(opName, out var parsed))
                {
                    op = parsed;
                }
                else
                {
                    error($"{path}.operator", opNode, $"Unknown operator; use one of {string.Join(", ", Enum.GetNames<RedactionOperator>())}.");
                }
            }

            if (name is not null && regex is not null)
            {
                recognizers.Add(new CustomRecognizer(name, regex, validation, op));
            }

            CustomValidation InvalidValidation(YamlNode other)
            {
                error($"{path}.validate", other, "validate is luhn or iban.");
                return CustomValidation.None;
            }
        }

        return recognizers;
    }

    private static System.Text.RegularExpressions.Regex? RecognizerPattern(YamlMappingNode entry, string path, Action<string, YamlNode?, string> error)
    {
        var pattern = Child(entry, "pattern");
        var dictionary = Child(entry, "dictionary");
        if ((pattern is null) == (dictionary is null))
        {
            error(path, entry, "Give either pattern or dictionary.");
            return null;
        }

        if (pattern is not null)
        {
            var source = (pattern as YamlScalarNode)?.Value;
            try
            {
                return string.IsNullOrEmpty(source) ? throw new ArgumentException("empty") : CustomRecognizer.CompilePattern(source);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                // NotSupportedException: look-arounds, back-references and the like, which could run in exponential time.
                error($"{path}.pattern", pattern, $"Not a usable pattern (no look-arounds or back-references): {ex.Message}");
                return null;
            }
        }

        if (dictionary is YamlSequenceNode terms && terms.Children.Count > 0 && terms.Children.All(t => t is YamlScalarNode { Value.Length: > 0 }))
        {
            return CustomRecognizer.CompileDictionary(terms.Children.Cast<YamlScalarNode>().Select(t => t.Value!));
        }

        error($"{path}.dictionary", dictionary, "dictionary is a non-empty list of terms.");
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex RecognizerName();
}
