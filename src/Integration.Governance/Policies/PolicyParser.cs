using Integration.Governance.Approvals;
using Integration.Governance.Guards;
using Integration.Governance.Pii;
using Integration.Governance.Redaction;
using Integration.ServiceDefaults.Auth;
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
        var (perWorkflow, perDepartment) = Budgets(root, Error);
        var approval = Approval(root, Error);
        var classification = Classification(root, Error);
        var models = Models(root, Error);
        var injection = Injection(root, Error);
        var output = Output(root, Error);
        return errors.Count > 0
            ? (null, Finish(errors))
            : (new PolicyDocument(description, workflows, operators, perWorkflow, perDepartment, approval, classification, models, injection, output, recognizers), []);
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
        if (Section(root, "pii", "$.pii", "pii is a mapping with the key operators.", error) is not { } pii)
        {
            return result;
        }

        UnknownKeys(pii, "$.pii", ["operators", "recognizers"], error);
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

    private static (BudgetLimits?, Dictionary<string, BudgetLimits>?) Budgets(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "budgets", "$.budgets", "budgets is a mapping with the keys perWorkflow, perDepartment.", error) is not { } budgets)
        {
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
            if (tokensNode is YamlScalarNode { Value: { } t } && long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && parsed <= 1_000_000_000_000)
            {
                tokens = parsed;
            }
            else
            {
                error($"{path}.tokensPerDay", tokensNode, "tokensPerDay is a whole number from 0 to 1000000000000.");
            }
        }

        if (Child(limits, "costPerDay") is { } costNode)
        {
            if (costNode is YamlScalarNode { Value: { } c } && decimal.TryParse(c, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && parsed <= 1_000_000_000)
            {
                cost = parsed;
            }
            else
            {
                error($"{path}.costPerDay", costNode, "costPerDay is a number from 0 to 1000000000, such as 25 or 12.50.");
            }
        }

        if (tokens is null && cost is null && limits.Children.Count == 0)
        {
            error(path, node, "Give tokensPerDay, costPerDay or both.");
        }

        return new BudgetLimits(tokens, cost);
    }

    private static ApprovalPolicy? Approval(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "approval", "$.approval", "approval is a mapping with the keys rules, otherwise.", error) is not { } approval)
        {
            return null;
        }

        UnknownKeys(approval, "$.approval", ["rules", "otherwise"], error);
        var rules = new List<ApprovalRule>();
        var names = new HashSet<string>(StringComparer.Ordinal); // every name, also of rules that did not parse
        if (Child(approval, "rules") is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var path = $"$.approval.rules[{i}]";
                if (list.Children[i] is not YamlMappingNode rule)
                {
                    error(path, list.Children[i], "A rule is a mapping with name, when, decide and (for human) role.");
                    continue;
                }

                UnknownKeys(rule, path, ["name", "when", "decide", "role"], error);
                var name = Scalar(rule, "name", path, required: true, error);
                if (name is not null && !names.Add(name))
                {
                    error($"{path}.name", rule, $"Another rule is already named '{name}'.");
                }

                var when = ExpressionAt(rule, "when", path, error);

                var (outcome, role) = Outcome(rule, path, error);
                if (name is not null && when is not null && outcome is not null)
                {
                    rules.Add(new ApprovalRule(name, when, outcome.Value, role));
                }
            }
        }
        else if (Child(approval, "rules") is { } other)
        {
            error("$.approval.rules", other, "rules is a list.");
        }

        var (otherwise, otherwiseRole) = Child(approval, "otherwise") switch
        {
            YamlMappingNode fallback => Outcome(fallback, "$.approval.otherwise", error),
            null => (ApprovalOutcome.Human, Roles.Reviewer),
            var other => Invalid(other),
        };
        return new ApprovalPolicy(rules, otherwise ?? ApprovalOutcome.Human, otherwiseRole);

        (ApprovalOutcome?, string?) Invalid(YamlNode other)
        {
            error("$.approval.otherwise", other, "otherwise is a mapping with decide and (for human) role.");
            return (null, null);
        }
    }

    private static (ApprovalOutcome?, string?) Outcome(YamlMappingNode node, string path, Action<string, YamlNode?, string> error)
    {
        if (path.EndsWith("otherwise", StringComparison.Ordinal))
        {
            UnknownKeys(node, path, ["decide", "role"], error);
        }

        var outcome = ApprovalPolicy.ParseOutcome(Scalar(node, "decide", path, required: true, error));
        if (outcome is null)
        {
            error($"{path}.decide", Child(node, "decide") ?? node, "decide is auto-approve, human or deny.");
        }

        var role = Scalar(node, "role", path, required: false, error);
        if (outcome == ApprovalOutcome.Human)
        {
            role ??= Roles.Reviewer;
            if (!Roles.UserRoles.Contains(role))
            {
                error($"{path}.role", Child(node, "role"), $"role is one of {string.Join(", ", Roles.UserRoles)}.");
            }
        }
        else if (role is not null && outcome is not null)
        {
            error($"{path}.role", Child(node, "role"), "Only a human decision names a role.");
        }

        return (outcome, outcome == ApprovalOutcome.Human ? role : null);
    }

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

        decimal? maxRefund = null;
        if (Child(section, "maxRefund") is { } refundNode)
        {
            if (refundNode is YamlScalarNode { Value: { } r } && decimal.TryParse(r, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                maxRefund = parsed;
            }
            else
            {
                error("$.output.maxRefund", refundNode, "maxRefund is an amount of 0 or more.");
            }
        }

        int? maxLength = null;
        if (Child(section, "maxLength") is { } lengthNode)
        {
            if (lengthNode is YamlScalarNode { Value: { } l } && int.TryParse(l, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                maxLength = parsed;
            }
            else
            {
                error("$.output.maxLength", lengthNode, "maxLength is a whole number of characters above 0.");
            }
        }

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
