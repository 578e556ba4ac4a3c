using Integration.Governance.Pii;
using Integration.Governance.Redaction;

namespace Integration.Governance.Tests;

public sealed class RedactorTests
{
    private const string Ticket = "Hi Maria,\nmy card 4111 1111 1111 1111 was charged twice. Write to maria@example.com or MARIA@example.com.\nThanks,\nMaria Lopez";
    private readonly PiiDetector _detector = new();

    private RedactionResult Redact(string text, RedactionOperator op = RedactionOperator.Replace) =>
        Redactor.Redact(text, _detector.Detect(text), _ => op, GovernanceFactory.HashSalt);

    [Fact]
    public void Placeholders_hide_every_value_and_repeat_for_the_same_value()
    {
        var result = Redact(Ticket);

        Assert.Equal(
            "Hi <PERSON_1>,\nmy card <CREDIT_CARD_1> was charged twice. Write to <EMAIL_1> or <EMAIL_1>.\nThanks,\n<PERSON_2>",
            result.Text);
        Assert.Equal("maria@example.com", result.Placeholders["<EMAIL_1>"]);
        Assert.DoesNotContain("4111", result.Text);
    }

    [Fact]
    public void Restoring_a_models_answer_puts_the_real_values_back()
    {
        var redacted = Redact(Ticket);
        var modelAnswer = "Dear <PERSON_2>, we refunded the duplicate charge on <CREDIT_CARD_1>. A receipt goes to <EMAIL_1>.";

        var restored = Redactor.Restore(modelAnswer, redacted.Placeholders);

        Assert.Equal("Dear Maria Lopez, we refunded the duplicate charge on 4111 1111 1111 1111. A receipt goes to maria@example.com.", restored);
    }

    [Fact]
    public void Restoring_leaves_unknown_placeholders_and_never_rescans_a_restored_value()
    {
        var placeholders = new Dictionary<string, string> { ["<EMAIL_1>"] = "odd<EMAIL_2>@example.com", ["<EMAIL_2>"] = "x@example.com" };

        Assert.Equal("to odd<EMAIL_2>@example.com, cc <PHONE_9>", Redactor.Restore("to <EMAIL_1>, cc <PHONE_9>", placeholders));
    }

    [Fact]
    public void Mask_keeps_only_the_last_four_characters_of_long_values()
    {
        var result = Redact("card 4111 1111 1111 1111 please", RedactionOperator.Mask);

        Assert.Equal("card ***************1111 please", result.Text);
        Assert.Empty(result.Placeholders);
    }

    [Fact]
    public void Hash_is_stable_for_equal_values_salted_and_not_reversible()
    {
        var first = Redact("write to maria@example.com", RedactionOperator.Hash);
        var again = Redact("write to MARIA@example.com", RedactionOperator.Hash);
        var otherSalt = Redactor.Redact("write to maria@example.com", _detector.Detect("write to maria@example.com"), _ => RedactionOperator.Hash, "another-salt");

        Assert.Matches(@"^write to <EMAIL:[0-9a-f]{8}>$", first.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, otherSalt.Text);
        Assert.Empty(first.Placeholders);
    }

    [Fact]
    public void Drop_removes_the_value()
    {
        Assert.Equal("ssn:  on file", Redact("ssn: 123-45-6789 on file", RedactionOperator.Drop).Text);
    }
}
