using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;

namespace Integration.Governance.Tests;

public sealed class PolicyParserTests
{
    [Fact]
    public void A_valid_yaml_policy_reads_into_its_document()
    {
        var (document, errors) = PolicyParser.Parse("""
            description: Support tickets
            appliesTo:
              workflows: [zendesk-triage, refunds]
            pii:
              operators:
                CreditCard: Mask
                Email: Replace
            """);

        Assert.Empty(errors);
        Assert.Equal("Support tickets", document!.Description);
        Assert.Equal(["zendesk-triage", "refunds"], document.Workflows);
        Assert.Equal(RedactionOperator.Mask, document.PiiOperators[PiiType.CreditCard]);
        Assert.True(document.AppliesTo("refunds"));
        Assert.False(document.AppliesTo("onboarding"));
    }

    [Fact]
    public void Json_is_accepted_too()
    {
        var (document, errors) = PolicyParser.Parse("""{"appliesTo": {"workflows": ["*"]}, "pii": {"operators": {"Iban": "Hash"}}}""");

        Assert.Empty(errors);
        Assert.True(document!.AppliesTo("anything"));
        Assert.Equal(RedactionOperator.Hash, document.PiiOperators[PiiType.Iban]);
    }

    [Fact]
    public void Every_error_is_reported_with_its_path()
    {
        var (document, errors) = PolicyParser.Parse("""
            descripton: typo
            appliesTo:
              workflows: [ok, [nested]]
            pii:
              operators:
                Emial: Replace
                Phone: Shred
                "1": Mask
            """);

        Assert.Null(document);
        Assert.Equal(
            ["$.appliesTo.workflows[1]", "$.descripton", "$.pii.operators.1", "$.pii.operators.Emial", "$.pii.operators.Phone"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("line 1", errors["$.descripton"].Single());
    }

    [Fact]
    public void A_policy_must_say_what_it_applies_to()
    {
        var (_, errors) = PolicyParser.Parse("pii: {operators: {Email: Drop}}");

        Assert.Equal(["$.appliesTo"], errors.Keys);
    }

    [Theory]
    [InlineData("appliesTo: {workflows: [a]\npii: [", "Not valid YAML or JSON: the text ends inside")]
    [InlineData("appliesTo: {workflows: [a]}\n  bad: indent: here", "Not valid YAML or JSON at line 2")]
    [InlineData("- just\n- a list", "A policy is a mapping")]
    [InlineData("appliesTo: {workflows: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", "nests lists or mappings more than 32 deep")]
    [InlineData("", "A policy is a mapping")]
    public void Text_that_is_no_policy_is_refused(string source, string message)
    {
        var (document, errors) = PolicyParser.Parse(source);

        Assert.Null(document);
        Assert.Contains(message, errors["$"].Single());
    }

    [Fact]
    public void Budgets_read_with_their_limits_and_errors_have_paths()
    {
        var (document, _) = PolicyParser.Parse("appliesTo: {workflows: ['*']}\nbudgets:\n  perWorkflow: {tokensPerDay: 200000, costPerDay: 25.5}\n  perDepartment:\n    support: {tokensPerDay: 1000000}");
        var (_, errors) = PolicyParser.Parse("appliesTo: {workflows: ['*']}\nbudgets:\n  perWorkflow: {tokensPerDay: -1, costPerDay: lots}\n  perMonth: {}");

        Assert.Equal(new BudgetLimits(200_000, 25.5m), document!.PerWorkflowBudget);
        Assert.Equal(new BudgetLimits(1_000_000, null), document.DepartmentBudgets!["support"]);
        Assert.Equal(["$.budgets.perMonth", "$.budgets.perWorkflow.costPerDay", "$.budgets.perWorkflow.tokensPerDay"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_diff_marks_removed_and_added_lines()
    {
        var diff = LineDiff.Compute("a\nb\nc", "a\nc\nd");

        Assert.Equal([(' ', "a"), ('-', "b"), (' ', "c"), ('+', "d")], diff.Select(l => (l.Op, l.Text)));
    }
}
