namespace Integration.Sandbox.Seeding;

/// <summary>Invented people, companies and ticket texts (SYNTHETIC: no real person, company or order), from a seeded random source.</summary>
public sealed class Synthetic(int seed)
{
    private static readonly string[] First = ["Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luis", "Maya", "Nils", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Vera"];
    private static readonly string[] Last = ["Meyer", "Okafor", "Rossi", "Nguyen", "Schmidt", "Kowalski", "Haddad", "Jensen", "Moreau", "Silva", "Tanaka", "Novak", "Brennan", "Fischer", "Lindqvist"];
    private static readonly string[] Companies = ["Northwind Traders", "Contoso Retail", "Fabrikam Outdoor", "Tailspin Travel", "Woodgrove Supplies", "Adatum Electronics", "Litware Home", "Proseware Office", "Lucerne Living", "Wingtip Sports"];
    private static readonly string[] Products = ["Aurora Desk Lamp", "Nimbus Headphones", "Vertex Standing Desk", "Orbit Smart Speaker", "Halo Air Purifier", "Strata Backpack"];

    private static readonly string[] Plain =
    [
        "My order {order} has not arrived yet and tracking has not moved for a week.",
        "The {product} stopped working after the latest firmware update.",
        "I would like to return the {product}; it does not fit my desk.",
        "I was charged twice for order {order}. Please refund the duplicate charge.",
        "How do I reset my password? The reset email never arrives.",
        "Is the {product} compatible with a USB-C charger?",
        "Please cancel order {order}, I ordered the wrong colour.",
    ];

    private static readonly string[] WithPersonalData =
    [
        "Hello, this is {name}. My order {order} never arrived. Please call me on {phone} or write to {email}.",
        "My name is {name} and I want a copy of all personal data you hold about me ({email}).",
        "Hi, {name} here. The {product} arrived damaged. You can reach me at {phone}.",
        "Please change the email on my account to {email}. Regards, {name}",
    ];

    private readonly Random _random = new(seed);

    public string Person() => $"{Pick(First)} {Pick(Last)}";

    public string Email(string person) => $"{person.ToLowerInvariant().Replace(' ', '.')}@{Pick(["example.com", "example.org", "example.net"])}";

    public string Phone() => $"+49 151 {_random.Next(1000000, 9999999)}";

    public string Company() => Pick(Companies);

    public string Product() => Pick(Products);

    public int Number(int min, int max) => _random.Next(min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A ticket text; about a third carry personal data (name, email, phone), as real tickets do.</summary>
    public (string Subject, string Body, bool HasPersonalData) Ticket(string person)
    {
        var personal = _random.Next(3) == 0;
        var template = Pick(personal ? WithPersonalData : Plain);
        var body = template.Replace("{order}", $"ORD-{_random.Next(100000, 999999)}").Replace("{product}", Product())
            .Replace("{name}", person).Replace("{email}", Email(person)).Replace("{phone}", Phone());
        var subject = body.Split('.', '?')[0];
        return (subject.Length > 60 ? subject[..60] : subject, body, personal);
    }
}
