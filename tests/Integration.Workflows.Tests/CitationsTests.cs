using Integration.Workflows.Runtime;

namespace Integration.Workflows.Tests;

/// <summary>What a generation step reads as the sources its text cites (the flagship's gate is told whether there are any).</summary>
public sealed class CitationsTests
{
    [Fact]
    public void The_sources_listed_after_the_reply_are_its_citations()
    {
        const string reply = "Hello <PERSON_1>,\n\nthank you for your message. Parcels arrive in 3 days. [1] Track it online. [2]\n\nKind regards,\nCustomer Support\n\n" +
                             "Sources:\n[1] Delivery times (kb://support/delivery-times#0)\n[2] Tracking your order (kb://support/tracking-orders#1)";

        Assert.Equal([new Citation(1, "Delivery times", "kb://support/delivery-times#0"), new Citation(2, "Tracking your order", "kb://support/tracking-orders#1")],
            Citations.Of(reply));
    }

    [Theory]
    [InlineData("reply-drafter-concise is an embedded grounded drafter, not a free-text language model. It only assembles replies from knowledge-base passages in collection 'support', and none matches this request.")]
    [InlineData("Our sources say [1] nothing (kb://support/x#0) here, outside a sources list.")]
    [InlineData("Thanks!\n\nSources:\n(none found)")]
    public void A_text_that_lists_no_knowledge_base_source_cites_nothing(string text) => Assert.Empty(Citations.Of(text));
}
