using System.Text.Json;
using Integration.Governance.Approvals;

namespace Integration.Governance.Tests;

public sealed class RuleExpressionTests
{
    private static readonly JsonElement Step = JsonDocument.Parse("""
        {"confidence": 0.93, "category": "billing", "amount": 120.5, "tier": "gold",
         "findings": {"total": 0, "Email": 0}, "labels": ["refund", "urgent"], "escalated": false}
        """).RootElement;

    [Theory]
    [InlineData("confidence >= 0.9", true)]
    [InlineData("confidence > 0.93", false)]
    [InlineData("confidence >= 0.9 and findings.total == 0", true)]
    [InlineData("amount > 500 or tier in ['gold', 'platinum']", true)]
    [InlineData("not (category == \"billing\")", false)]
    [InlineData("category != 'billing' or escalated == false", true)]
    [InlineData("a == 1 or b == 2 and c == 3", false)]
    [InlineData("findings.Email == 0 and not escalated", true)]
    [InlineData("'refund' in labels", true)]
    [InlineData("missing.value > 3", false)]
    [InlineData("missing == null", true)]
    [InlineData("tier > 3", false)]
    [InlineData("amount <= -1", false)]
    public void Evaluates_as_documented(string expression, bool expected) =>
        Assert.Equal(expected, RuleExpression.Parse(expression).Evaluate(Step));

    [Fact]
    public void And_binds_tighter_than_or()
    {
        // true or (false and false) = true; (true or false) and false would be false.
        Assert.True(RuleExpression.Parse("confidence > 0.5 or tier == 'x' and amount > 1000").Evaluate(Step));
    }

    [Theory]
    [InlineData("confidence >=", "the expression ends too early at character 14")]
    [InlineData("confidence >= 0.9 and", "the expression ends too early")]
    [InlineData("tier == 'gold", "a string is not closed at character 9")]
    [InlineData("(amount > 1", "expected ')'")]
    [InlineData("amount > 1 )", "unexpected ')' at character 12")]
    [InlineData("and > 1", "'and' needs a value before it at character 1")]
    [InlineData("amount # 3", "unexpected '#' at character 8")]
    [InlineData("((((((((((((((((((((((((((((((((((((x == 1))))))))))))))))))))))))))))))))))))", "nests more than 32 deep")]
    public void Says_what_is_wrong_and_where(string expression, string message)
    {
        var error = Assert.Throws<FormatException>(() => RuleExpression.Parse(expression));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Over_long_expressions_are_refused_before_parsing()
    {
        var chain = string.Join(" and ", Enumerable.Repeat("x == 1", 200));

        Assert.Contains("longer than 1000 characters", Assert.Throws<FormatException>(() => RuleExpression.Parse(chain)).Message);
    }
}
