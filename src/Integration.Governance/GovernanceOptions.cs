using System.ComponentModel.DataAnnotations;

namespace Integration.Governance;

/// <summary>Settings of the governance service (section "Governance"). The salt is a secret.</summary>
public sealed class GovernanceOptions
{
    public const string SectionName = "Governance";

    /// <summary>Salts the Hash operator so that hashed values cannot be looked up in a table of known emails.</summary>
    [Required(ErrorMessage = "Governance:PiiHashSalt is not set. Run through the AppHost, or set Governance__PiiHashSalt (at least 32 characters).")]
    [MinLength(32, ErrorMessage = "Governance:PiiHashSalt must be at least 32 characters.")]
    public string PiiHashSalt { get; set; } = "";

    /// <summary>Longest text the guard accepts, in characters; longer gets 413.</summary>
    [Range(1, 4 * 1024 * 1024)]
    public int MaxTextLength { get; set; } = 256 * 1024;

    /// <summary>
    /// Publish the policies shipped under Policies/Shipped on start when they are not there yet (the flagship's approval
    /// rules). Off in tests that need a governance service with no policy in force.
    /// </summary>
    public bool PublishShippedPolicies { get; set; } = true;

    /// <summary>413 naming the limit when <paramref name="length"/> characters are more than the guards take; else null.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? RefuseIfTooLong(int length, string what) =>
        length <= MaxTextLength ? null : TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: $"{what} is too long.",
            detail: $"It has {length} characters; the limit is {MaxTextLength}.");

    public override string ToString() => $"MaxTextLength={MaxTextLength}, PublishShippedPolicies={PublishShippedPolicies}, PiiHashSalt=***";
}
