// Every response carries a Content-Security-Policy that allows no inline script and nothing from another origin,
// and headers that keep the pages out of frames and stop content sniffing (docs/web.md, "Security").
namespace Accord.Web.Hosting;

/// <summary>The security headers of every Accord Web response.</summary>
public static class SecurityHeaders
{
    /// <summary>Scripts, styles, images and connections only from this origin; no inline script, no plugins, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseAccordSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        await next();
    });
}
