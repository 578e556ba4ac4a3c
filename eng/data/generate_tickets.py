#!/usr/bin/env python3
"""Generates the SYNTHETIC labeled support-ticket dataset shipped with the inference service.

Every name, address, order number and message below is invented. Deterministic (fixed seed), so the
committed file is exactly what this script writes:
    python3 eng/data/generate_tickets.py > src/Integration.Inference/Data/tickets.synthetic.json
"""
import json
import random

rng = random.Random(20261122)

FIRST = ["Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luis",
         "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe"]
LAST = ["Meyer", "Okafor", "Rossi", "Nguyen", "Schmidt", "Kowalski", "Haddad", "Jensen", "Moreau", "Silva",
        "Tanaka", "Novak", "Brennan", "Fischer", "Lindqvist", "Duarte", "Kaya", "Petrov", "Walsh", "Bauer"]
PRODUCTS = ["Aurora Desk Lamp", "Nimbus Headphones", "Terra Water Bottle", "Vertex Standing Desk",
            "Orbit Smart Speaker", "Pico Action Camera", "Halo Air Purifier", "Strata Backpack",
            "Quill Mechanical Keyboard", "Lumen E-Reader"]
CARRIERS = ["DHL", "UPS", "DPD", "FedEx", "GLS"]


def order():
    return f"ORD-{rng.randint(100000, 999999)}"


def amount():
    value = rng.choice([19.99, 24.50, 49.00, 89.90, 129.00, 249.99, 399.00, 12.75])
    return rng.choice([f"EUR {value:.2f}", f"${value:.2f}", f"{value:.2f} EUR", f"\u20ac{value:.2f}"])


def person():
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def email(name):
    first, last = name.lower().split()
    return f"{first}.{last}@{rng.choice(['example.com', 'mail.example.org', 'example.net'])}"


def phone():
    return rng.choice([f"+49 151 {rng.randint(1000000, 9999999)}", f"+1 415 555 {rng.randint(1000, 9999)}",
                       f"+44 20 7946 {rng.randint(1000, 9999)}"])


def date():
    return rng.choice([f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                       f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'May', 'June', 'July'])} 2026"])


CATEGORIES = {
    "billing": [
        "I was charged twice for {order}. Both charges of {amount} show on my card statement.",
        "My invoice for {order} shows {amount} but the checkout said a lower price. Please correct the invoice.",
        "Why was my credit card billed {amount} on {date}? I did not place a new order.",
        "I need a VAT invoice with my company name for {order}.",
        "The payment for my subscription failed, but money still left my account. Can you check the charge?",
        "Please explain the extra fee of {amount} on my last invoice.",
        "Your system billed me for the annual plan instead of the monthly plan. I want the difference back.",
        "Can I change the payment method on file from card to invoice for future orders?",
    ],
    "shipping": [
        "My order {order} has not arrived yet. Tracking with {carrier} has not updated since {date}.",
        "Where is my package? I ordered the {product} a week ago and it still says label created.",
        "The {carrier} driver marked {order} as delivered but nothing was at my door.",
        "Can you ship {order} to a different address? I am travelling until {date}.",
        "Delivery of my {product} is late. The estimated delivery date was {date}.",
        "Do you ship to Norway, and how long does express delivery take?",
        "The tracking number for {order} does not work on the {carrier} website.",
        "Only half of my order {order} arrived; the second parcel is missing.",
    ],
    "returns": [
        "I would like to return the {product} from {order}. It does not fit my desk.",
        "How do I get a return label for {order}? The {product} is unused and still in its box.",
        "I sent back my {product} two weeks ago and have not received my refund of {amount} yet.",
        "The {product} arrived damaged, the box was crushed. I want a replacement or my money back.",
        "Can I exchange the {product} for a different colour instead of returning it?",
        "Is the return window 30 days? I bought the {product} on {date}.",
        "My refund for {order} was only partial. I expected {amount}.",
        "The {product} stopped working after a month. Is this covered by the warranty or a return?",
    ],
    "account": [
        "I cannot log in to my account. The password reset email never arrives at {email}.",
        "My account is locked after too many login attempts. Please unlock it.",
        "How do I change the email address on my account from {email} to a new one?",
        "The two-factor authentication code is not accepted when I sign in.",
        "I want to close my account and stop all marketing emails.",
        "Someone changed my account password without my permission. I think my account was hacked.",
        "I did not receive the verification link after signing up with {email}.",
        "Please merge my two customer accounts, I registered twice by mistake.",
    ],
    "technical": [
        "The {product} does not connect to Wi-Fi after the latest firmware update.",
        "Your app crashes every time I open the order history on Android.",
        "The {product} keeps disconnecting from Bluetooth every few minutes.",
        "I get error 500 when I try to check out on the website.",
        "The companion app cannot find my {product} during setup.",
        "Firmware update for the {product} fails at 80 percent and the device restarts.",
        "The battery of my {product} drains within two hours even when it is idle.",
        "The website shows a blank page after I click pay, in both Chrome and Firefox.",
    ],
    "product": [
        "Is the {product} compatible with a USB-C charger?",
        "What are the dimensions and weight of the {product}?",
        "Does the {product} come with a warranty, and for how long?",
        "Will the {product} be back in stock soon? I would like to buy two.",
        "Is the {product} suitable for outdoor use in the rain?",
        "What is the difference between the {product} and the newer model?",
        "Can I buy spare parts or replacement filters for the {product}?",
        "Does the {product} work with voice assistants?",
    ],
    "order_change": [
        "Please cancel my order {order}, I ordered the wrong {product}.",
        "Can I add a second {product} to my order {order} before it ships?",
        "I need to change the delivery address on {order} before it leaves the warehouse.",
        "Please change the colour of the {product} in order {order} to black.",
        "I placed {order} by mistake twice. Please cancel the duplicate.",
        "Can I still cancel {order}? It was placed on {date}.",
        "I want to switch {order} from standard to express shipping.",
        "Please remove the gift wrapping from {order}.",
    ],
    "privacy": [
        "Under GDPR I request a copy of all personal data you hold about me ({email}).",
        "Please delete all my personal data and confirm when it is done.",
        "Why do you store my phone number {phone}? I want it removed from my profile.",
        "I want to withdraw my consent for marketing and data sharing with partners.",
        "Which third parties receive my personal data when I place an order?",
        "Please correct my address and name in your records, my name is {name}.",
        "I received a marketing email although I unsubscribed. How did you get {email}?",
        "How long do you keep my order history and payment data?",
    ],
}

OPENERS = ["", "", "Hello, ", "Hi there, ", "Good morning, ", "Dear support team, "]
CLOSERS = ["", "", " Thanks.", " Thank you for your help.", " This is urgent.", " Please reply soon.",
           " Regards, {name}.", " Best, {name} ({phone})."]


CONTEXT = ["I have been a customer for years.", "I ordered on {date}.", "My order number is {order}.",
           "I already wrote to you last week.", "You can reach me at {phone}.", "My email is {email}.", ""]


def ticket(category, template):
    name = person()
    fields = {"order": order(), "amount": amount(), "date": date(), "carrier": rng.choice(CARRIERS),
              "product": rng.choice(PRODUCTS), "name": name, "email": email(name), "phone": phone()}
    # About one ticket in six also mentions a second, lesser concern from another category, as real
    # tickets do; the label stays the main concern. This is what makes the held-out metrics informative.
    aside = ""
    if rng.random() < 0.17:
        other = rng.choice([c for c in CATEGORIES if c != category])
        second = rng.choice(CATEGORIES[other])
        aside = " Also, " + (second if second.startswith("I ") else second[0].lower() + second[1:])
    text = rng.choice(OPENERS) + template + " " + rng.choice(CONTEXT) + aside + rng.choice(CLOSERS)
    text = " ".join(text.format(**fields).split())
    return {"text": text[0].upper() + text[1:], "label": category}


examples = []
for category, templates in CATEGORIES.items():
    for i in range(75):
        examples.append(ticket(category, templates[i % len(templates)]))
rng.shuffle(examples)
for i, example in enumerate(examples, 1):
    example["id"] = f"synthetic-{i:04d}"

print(json.dumps({
    "synthetic": True,
    "description": "SYNTHETIC support tickets, invented by eng/data/generate_tickets.py; no real person or order.",
    "labels": list(CATEGORIES),
    "examples": [{"id": e["id"], "label": e["label"], "text": e["text"]} for e in examples],
}, indent=1, ensure_ascii=False))
