using Integration.Portal.Api;
using Integration.Portal.Login;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Integration.Portal;

public static class PortalServices
{
    /// <summary>
    /// The Portal: Blazor pages (interactive server rendering, MudBlazor), a sign-in cookie that carries the user's own
    /// token for the services, and a typed client per service. A request with a bearer token (the dev-token API) is
    /// authenticated by the token; a browser by its cookie, and sent to the sign-in page when it has none.
    /// </summary>
    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Messages at the bottom: at the top they would cover the page's own buttons (Publish sits there in the designer).
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddCascadingAuthenticationState();

        const string BearerOrCookie = "bearer-or-cookie";
        var oidc = builder.Configuration.GetSection("Auth:Oidc").Get<OidcAuthOptions>() ?? new();
        // A bearer token goes to the suite's scheme, or, with an identity provider, to the one that picks by its issuer.
        var bearer = oidc.Enabled ? AuthenticationExtensions.SuiteOrProvider : JwtBearerDefaults.AuthenticationScheme;
        var authentication = builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = BearerOrCookie;
                o.DefaultChallengeScheme = BearerOrCookie;
            })
            .AddPolicyScheme(BearerOrCookie, "Bearer token or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || IsApi(context.Request.Path)
                    ? bearer
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = SignIn.Path;
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "integration-portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // The cookie lives as long as the token inside it: past that, the services would refuse it anyway.
                o.SlidingExpiration = false;
                o.ExpireTimeSpan = builder.Configuration.GetValue("Auth:UserTokenLifetime", TimeSpan.FromHours(8));
            });
        if (oidc.Enabled)
        {
            authentication.AddProviderSignIn(oidc, TimeProvider.System);
            builder.Services.AddSingleton<ProviderTokenRefresher>();
            builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
                o => o.Events.OnValidatePrincipal = ProviderSignIn.RenewTokensAsync);
        }

        builder.Services.AddScoped<UserToken>();
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, NonGetAnswers401>();
        builder.Services.AddHttpClient<WorkflowsApi>(c => c.BaseAddress = new Uri("http://workflows"));
        builder.Services.AddHttpClient<GovernanceApi>(c => c.BaseAddress = new Uri("http://governance"));
        builder.Services.AddHttpClient<ConnectorsApi>(c => c.BaseAddress = new Uri("http://connectors"));
        builder.Services.AddHttpClient<InferenceApi>(c => c.BaseAddress = new Uri("http://inference"));
    }

    /// <summary>The Portal's API paths (the dev-token API, the system endpoints): a caller without a token gets 401 ProblemDetails there, never the sign-in page.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/auth") || path.StartsWithSegments("/system") || path.StartsWithSegments("/openapi");

    /// <summary>Only a page (GET) is sent to the sign-in page; any other request without a sign-in (a POST to an unknown path) gets 401.</summary>
    private sealed class NonGetAnswers401 : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options) =>
            options.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Redirect(context.RedirectUri);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            };
    }
}
