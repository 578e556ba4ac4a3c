using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Integration.ServiceDefaults.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Every endpoint requires a valid bearer token unless it says AllowAnonymous (health does).
    /// Policies named after the roles (<see cref="Roles"/>). 401 and 403 answer with ProblemDetails.
    /// </summary>
    public static void AddSuiteAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();

        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        var oidc = builder.Configuration.GetSection(AuthOptions.SectionName).GetSection("Oidc").Get<OidcAuthOptions>() ?? new();
        if (oidc.Enabled)
        {
            authentication.AddIdentityProviderTokens(oidc);
        }

        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = TokenIssuer.KeyFrom(auth.Value.SigningKey),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "sub",
                    RoleClaimType = TokenIssuer.RoleClaim,
                    ClockSkew = auth.Value.ClockSkew,
                };
                jwt.Events = new JwtBearerEvents { OnChallenge = WriteUnauthorizedAsync };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddRolePolicies();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();
    }

    /// <summary>The scheme that validates the identity provider's access tokens (by its JWKS).</summary>
    public const string ProviderScheme = "identity-provider";

    /// <summary>The bearer scheme that sends each token to its issuer's (registered with an identity provider only).</summary>
    public const string SuiteOrProvider = "suite-or-identity-provider";

    /// <summary>
    /// Accepts the identity provider's access tokens next to the suite's own: a token is sent to the scheme of the issuer it
    /// names (read before validation only to choose; the chosen scheme validates it whole). The provider's keys come from its
    /// discovery document and are fetched again when a token names a key not seen yet (a rotation).
    /// </summary>
    private static void AddIdentityProviderTokens(this AuthenticationBuilder authentication, OidcAuthOptions oidc)
    {
        authentication.AddJwtBearer(ProviderScheme, jwt =>
        {
            jwt.Authority = oidc.Authority;
            jwt.Audience = oidc.Audience;
            jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
            jwt.Events = new JwtBearerEvents
            {
                OnChallenge = WriteUnauthorizedAsync,
                OnTokenValidated = context =>
                {
                    context.Principal = new ClaimsPrincipal(IdentityProviderPrincipal.From(context.Principal!, oidc, ProviderScheme));
                    return Task.CompletedTask;
                },
            };
        });
        authentication.Services.AddOptions<JwtBearerOptions>(ProviderScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => jwt.TokenValidationParameters.ClockSkew = auth.Value.ClockSkew);
        authentication.AddPolicyScheme(SuiteOrProvider, "The suite's tokens or the identity provider's", policy =>
            policy.ForwardDefaultSelector = context => IssuedBySuite(context) ? JwtBearerDefaults.AuthenticationScheme : ProviderScheme);
        authentication.Services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SuiteOrProvider;
            o.DefaultChallengeScheme = SuiteOrProvider;
        });
    }

    /// <summary>True unless the bearer token is a JWT naming another issuer than the suite's (no token: the suite's scheme answers 401).</summary>
    private static bool IssuedBySuite(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var token = header[7..].Trim();
        var suite = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Issuer;
        return !handler.CanReadToken(token) || handler.ReadJsonWebToken(token).Issuer == suite;
    }

    private static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }

        return authorization;
    }

    private static async Task WriteUnauthorizedAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "This endpoint requires a bearer token (Authorization: Bearer <token>).",
            SecurityTokenExpiredException => "The bearer token has expired.",
            _ => "The bearer token is not valid for this suite.",
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    internal static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
        });
    }
}

/// <summary>Turns a forbidden request into a 403 ProblemDetails that names the roles that would have been accepted.</summary>
internal sealed class ProblemDetailsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var roles = authorizeResult.AuthorizationFailure?.FailedRequirements
            .OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles)
            .Distinct()
            .ToList() ?? [];
        var detail = roles.Count > 0
            ? $"This requires the role {string.Join(" or ", roles.Select(r => $"'{r}'"))}."
            : "You are not allowed to do this.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await AuthenticationExtensions.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden", detail);
    }
}
