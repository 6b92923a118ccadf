using Accord.Client;
using Accord.Web.Components;
using Accord.Web.Reading;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace Accord.Web.Hosting;

/// <summary>Builds and starts Accord Web: Razor components over gRPC clients of one Accord server or a cluster.</summary>
public static class AccordWebHost
{
    /// <summary>The web application, not yet started.</summary>
    /// <exception cref="ArgumentException">No server, or a server address that is not http:// or https://.</exception>
    public static WebApplication Build(AccordWebOptions options, LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(AccordWebHost).Assembly.GetName().Name });
        builder.Logging.SetMinimumLevel(logLevel);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Parse(options.Host), options.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => new AccordServers(FailoverCallInvoker.Open(options.Servers, options.CaCertificatePath)));
        builder.Services.AddRazorComponents();
        // Antiforgery tokens and login cookies live as long as the process: nothing a restart must keep.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "accord-csrf";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });

        var app = builder.Build();
        app.UseAccordSecurityHeaders();
        app.UseAntiforgery();
        app.MapAccordAssets();
        app.MapLogProof();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Starts <paramref name="app"/> and returns the address it listens on.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync(cancellationToken);
        return Address(app);
    }

    /// <summary>The address a started <paramref name="app"/> listens on, ending in '/'.</summary>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }
}
