using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Integration.ServiceDefaults.Configuration;

public static class ValidatedOptions
{
    /// <summary>
    /// A service's options from its configuration section, checked (data annotations, and any rule added to the returned
    /// builder) when the service starts, so that a bad setting stops it with what is wrong rather than failing a request
    /// later; also injectable as the plain options object.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section) where T : class
    {
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return builder.Services.AddOptions<T>()
            .Bind(builder.Configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
