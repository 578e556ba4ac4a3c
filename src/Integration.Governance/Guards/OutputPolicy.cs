namespace Integration.Governance.Guards;

/// <summary>What a model's answer must not do: say a banned phrase, promise a refund above a limit, run too long.</summary>
public sealed record OutputPolicy(IReadOnlyList<string> BannedPhrases, decimal? MaxRefund, int? MaxLength);
