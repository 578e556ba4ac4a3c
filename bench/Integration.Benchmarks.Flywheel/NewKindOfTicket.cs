using System.Globalization;

namespace Integration.Benchmarks.Flywheel;

/// <summary>
/// A kind of ticket the shipped model never saw: questions about "Zorblax+", a streaming subscription launched after the
/// model was trained. Each belongs to a label the model has (renewals and charges are billing, plan changes
/// order_change, profiles and sign-in account, playback technical), but in words it never learned. A ticket is put
/// together from an opening, the problem, some context and a closing, so that tickets differ as customers' do (the
/// leakage check would rightly drop near copies of golden items from training). Seeded: the same tickets every run.
/// </summary>
internal static class NewKindOfTicket
{
    private static readonly (string Label, string[] Problems)[] Kinds =
    [
        ("billing", [
            "my Zorblax+ subscription renewed for another year and took {amount} without any reminder, and I want the renewal refunded",
            "Zorblax+ billed me {amount} twice this month for the family plan",
            "the Zorblax+ annual plan charged {amount} although I had switched to paying monthly",
            "there is a Zorblax+ payment of {amount} on my card right after the free trial, which I never agreed to",
            "the Zorblax+ price went up to {amount} without notice and the receipt shows VAT I should not pay",
            "I was charged {amount} for a Zorblax+ add-on channel I never ordered"]),
        ("order_change", [
            "please downgrade my Zorblax+ plan from Family to Solo before the next billing date",
            "I want to cancel my Zorblax+ subscription at the end of this period instead of renewing it",
            "could you move my Zorblax+ plan to the {plan} tier from next month",
            "please pause my Zorblax+ membership for {months} months while I am abroad",
            "I would like to switch my Zorblax+ plan from yearly to monthly billing",
            "remove the sports add-on from my Zorblax+ package before it renews"]),
        ("account", [
            "I cannot sign in to Zorblax+ on the TV because the activation code never shows up in my profile",
            "the Zorblax+ family invite for my {relative} keeps expiring before they can accept it",
            "someone added a strange profile to my Zorblax+ account, so please reset my password and sign out every device",
            "I need to change the email address on my Zorblax+ profile",
            "two-step verification for Zorblax+ sends the code to my old phone number",
            "my Zorblax+ profile shows another person's watch history after I logged in"]),
        ("technical", [
            "Zorblax+ keeps buffering in 4K on my smart TV although my connection is {speed} Mbit",
            "the Zorblax+ app crashes whenever I cast an episode to the living room speaker",
            "subtitles in Zorblax+ run {seconds} seconds behind the picture on every show",
            "downloads in the Zorblax+ app stop at {percent} percent and never finish",
            "Zorblax+ plays no sound through my soundbar since the last app update",
            "the Zorblax+ picture freezes every few minutes on my tablet while the audio continues"]),
    ];

    private static readonly string[] Openings = ["Hello,", "Hi there,", "Good evening,", "Dear Zorblax team,", "Hey,", "To whom it may concern,", ""];

    private static readonly string[] Contexts =
    [
        "I signed up during the launch offer.", "This started last weekend.", "My partner uses the same account.", "I already tried reinstalling the app.",
        "It happened on two different devices.", "I have been a subscriber since the beta.", "Your chat assistant could not help.", "",
        "The help page did not cover this.", "I am writing from my work email.",
    ];

    private static readonly string[] Closings = ["Thanks.", "Please sort this out soon.", "Kind regards.", "Looking forward to your answer.", "Cheers.", ""];

    private static readonly string[] Plans = ["Premium", "Standard", "Basic", "Student"];
    private static readonly string[] Relatives = ["son", "daughter", "partner", "mother", "brother"];

    public static List<(string Text, string Label)> Draw(int count, int seed)
    {
        var random = new Random(seed);
        string Pick(string[] pool) => pool[random.Next(pool.Length)];
        string Number(int from, int to) => random.Next(from, to).ToString(CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var (label, problems) = Kinds[random.Next(Kinds.Length)];
            var problem = Pick(problems)
                .Replace("{amount}", $"EUR {random.Next(5, 120)}.{random.Next(0, 99):00}", StringComparison.Ordinal)
                .Replace("{plan}", Pick(Plans), StringComparison.Ordinal)
                .Replace("{months}", Number(2, 6), StringComparison.Ordinal)
                .Replace("{relative}", Pick(Relatives), StringComparison.Ordinal)
                .Replace("{speed}", Number(50, 500), StringComparison.Ordinal)
                .Replace("{seconds}", Number(2, 9), StringComparison.Ordinal)
                .Replace("{percent}", Number(10, 95), StringComparison.Ordinal);
            var sentence = char.ToUpperInvariant(problem[0]) + problem[1..] + ".";
            var text = string.Join(' ', new[] { Pick(Openings), sentence, Pick(Contexts), Pick(Contexts), Pick(Closings) }.Where(p => p.Length > 0).Distinct());
            return (text, label);
        })];
    }
}
