using Integration.Testing;

namespace Integration.Portal.Tests;

/// <summary>The dev login refuses bad bodies with a 4xx (and issues no token).</summary>
public sealed class BodyFuzzTests(PortalWithDevTokens portal) : IClassFixture<PortalWithDevTokens>
{
    [Fact]
    public async Task A_bad_body_is_refused_with_4xx()
    {
        await BodyFuzzAssert.EveryVariantIsRefusedAndChangesNothingAsync(portal.CreateClient(), HttpMethod.Post, "/auth/dev-token",
            """{"user":"alice","roles":["designer","reviewer"]}""", () => Task.FromResult(""), TestContext.Current.CancellationToken);
    }
}
