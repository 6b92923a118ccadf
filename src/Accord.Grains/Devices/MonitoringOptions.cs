namespace Accord.Grains.Devices;

/// <summary>Challenges, reporting cadence and liveness (configuration section "Accord:Server:Monitoring").</summary>
public sealed class MonitoringOptions
{
    /// <summary>How long a challenge is accepted. Default 5 minutes.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The interval at which devices are expected to report. Default 60 s.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A device that misses its reports for this many intervals is silent. Default 3.</summary>
    public double SilenceMultiple { get; set; } = 3;

    /// <summary>How far a report's interval may end in the future. Default 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server looks for silent devices. Default 10 s.</summary>
    public TimeSpan LivenessSweep { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many issued challenges per device are remembered (reports may carry any of them). Default 64.</summary>
    public int ChallengeHistory { get; set; } = 64;

    /// <summary>
    /// A batch acknowledgement carries a new challenge only when the newest is at least this old;
    /// otherwise it repeats the newest. With the history above, reports spooled for about
    /// ChallengeHistory x ChallengeRotation (default an hour) still carry a known challenge. Default 1 minute.
    /// </summary>
    public TimeSpan ChallengeRotation { get; set; } = TimeSpan.FromMinutes(1);
}
