using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using static Accord.Cli.Commands.CommonOptions;

namespace Accord.Cli.Commands;

/// <summary>`accord commit KIND ...`: one sub-command per commitment kind, each signed by the committing lab.</summary>
public static class CommitCommands
{
    public static Command Build()
    {
        var commit = new Command("commit", "Register a signed commitment (one sub-command per kind)");
        commit.Add(Kind("run-cap", "Cap the compute of any single training run", RunCap));
        commit.Add(Kind("aggregate-cap", "Cap total training compute per period", AggregateCap));
        commit.Add(Kind("cluster-cap", "Cap the size of any one cluster", ClusterCap));
        commit.Add(Kind("pause", "Pause runs above a compute threshold for a window", Pause));
        commit.Add(Kind("notify", "Notify around a training compute threshold", Notify));
        commit.Add(Kind("coverage", "Keep a share of declared devices reporting", Coverage));
        commit.Add(Kind("band", "Run a compute band only on enrolled, reporting devices", Band));
        commit.Add(Kind("inspection", "Grant inspection access", Inspection));
        return commit;
    }

    private static Command Kind(string name, string description, Func<Command, Func<ParseResult, CommitmentTerms>> defineTerms)
    {
        var server = CommonOptions.Server();
        var key = Key();
        var title = new Option<string>("--title") { Description = "A short title", Required = true };
        var agreement = new Option<string?>("--if-signed") { Description = "Binds only once this agreement is signed (see --by / --threshold)" };
        var by = new Option<string?>("--by") { Description = "With --if-signed: these parties (comma-separated) must have signed" };
        var threshold = new Option<uint?>("--threshold") { Description = "With --if-signed: at least k of the agreement's parties must have signed" };
        var command = new Command(name, description) { key, title, agreement, by, threshold, server, SignedRequests.DryRun() };
        var terms = defineTerms(command);
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = ReadKey(parse, key);
            var statement = new CommitmentStatement
            {
                Header = RequestSigning.Header(file.PartyId),
                Title = parse.GetRequiredValue(title),
                Terms = terms(parse),
                Condition = Condition(parse.GetValue(agreement), parse.GetValue(by), parse.GetValue(threshold)),
            };
            using var connection = Connect(parse, server);
            var response = await SignedRequests.SendAsync(parse, "RegistryService/RegisterCommitment", statement, file,
                envelope => connection.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            console.Ansi.Write(Tables.Commitments([response.Commitment]));
            console.Out.WriteLine($"commitment id: {response.Commitment.CommitmentId}");
        });
        return command;
    }

    private static ActivationCondition? Condition(string? agreement, string? by, uint? threshold)
    {
        if (agreement is null)
        {
            return by is null && threshold is null ? null : throw new CliFailure("--by and --threshold need --if-signed AGREEMENT");
        }

        var condition = new ActivationCondition { AgreementId = agreement };
        if (by is not null && threshold is not null)
        {
            throw new CliFailure("give either --by or --threshold, not both");
        }

        if (threshold is { } k)
        {
            condition.Threshold = k;
        }
        else
        {
            condition.Parties = new PartySet();
            condition.Parties.PartyIds.AddRange(by is null ? [] : List(by));
            if (condition.Parties.PartyIds.Count == 0)
            {
                throw new CliFailure("--if-signed needs --by PARTIES or --threshold K");
            }
        }

        return condition;
    }

    private static (Option<string> Precision, Option<string> Basis) MeasureOptions(Command command)
    {
        var precision = new Option<string>("--precision") { Description = "fp32, tf32, bf16, fp16, fp8 or int8", DefaultValueFactory = _ => "bf16" };
        var basis = new Option<string>("--basis") { Description = "estimated (utilisation x peak), counters or analytic", DefaultValueFactory = _ => "estimated" };
        command.Add(precision);
        command.Add(basis);
        return (precision, basis);
    }

    private static ComputeMeasure Measure(ParseResult parse, (Option<string> Precision, Option<string> Basis) options) => new()
    {
        Precision = ParsePrecision(parse.GetRequiredValue(options.Precision)),
        Basis = parse.GetRequiredValue(options.Basis).ToLowerInvariant() switch
        {
            "estimated" => CountingBasis.EstimatedFromUtilization,
            "counters" => CountingBasis.HardwareCounters,
            "analytic" => CountingBasis.Analytic,
            var other => throw new CliFailure($"--basis: '{other}' is not one of estimated, counters, analytic"),
        },
    };

    private static Precision ParsePrecision(string text) => text.ToLowerInvariant() switch
    {
        "fp32" => Precision.Fp32,
        "tf32" => Precision.Tf32,
        "bf16" => Precision.Bf16,
        "fp16" => Precision.Fp16,
        "fp8" => Precision.Fp8,
        "int8" => Precision.Int8,
        _ => throw new CliFailure($"--precision: '{text}' is not one of fp32, tf32, bf16, fp16, fp8, int8"),
    };

    private static Option<string> Required(Command command, string name, string description)
    {
        var option = new Option<string>(name) { Description = description, Required = true };
        command.Add(option);
        return option;
    }

    private static Option<string?> Optional(Command command, string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        command.Add(option);
        return option;
    }

    private static Func<ParseResult, CommitmentTerms> RunCap(Command command)
    {
        var max = Required(command, "--max-flop", "Largest compute of one run, in FLOP (e.g. 1e26)");
        var measure = MeasureOptions(command);
        return parse => new CommitmentTerms
        {
            TrainingRunCap = new TrainingRunComputeCap { MaxFlop = Flop(parse.GetRequiredValue(max), "--max-flop"), Measure = Measure(parse, measure) },
        };
    }

    private static Func<ParseResult, CommitmentTerms> AggregateCap(Command command)
    {
        var max = Required(command, "--max-flop", "Total compute per period, in FLOP");
        var period = Required(command, "--period", "Period length (e.g. 365d)");
        var measure = MeasureOptions(command);
        return parse => new CommitmentTerms
        {
            AggregateCap = new AggregateComputeCap
            {
                MaxFlop = Flop(parse.GetRequiredValue(max), "--max-flop"),
                Period = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(Duration(parse.GetRequiredValue(period), "--period")),
                Measure = Measure(parse, measure),
            },
        };
    }

    private static Func<ParseResult, CommitmentTerms> ClusterCap(Command command)
    {
        var h100e = Optional(command, "--h100e", "Largest cluster in H100-equivalents");
        var flops = Optional(command, "--flop-per-second", "Largest cluster peak throughput in FLOP/s");
        var scope = new Option<string>("--scope") { Description = "all or unmonitored facilities", DefaultValueFactory = _ => "all" };
        var precision = new Option<string>("--precision") { Description = "Precision the throughput is counted in", DefaultValueFactory = _ => "bf16" };
        command.Add(scope);
        command.Add(precision);
        return parse =>
        {
            var cap = new ClusterSizeCap
            {
                Precision = ParsePrecision(parse.GetRequiredValue(precision)),
                Scope = parse.GetRequiredValue(scope) switch
                {
                    "all" => ClusterScope.AllFacilities,
                    "unmonitored" => ClusterScope.UnmonitoredFacilities,
                    var other => throw new CliFailure($"--scope: '{other}' is not one of all, unmonitored"),
                },
            };
            switch (parse.GetValue(h100e), parse.GetValue(flops))
            {
                case ({ } h, null): cap.MaxH100Equivalents = Flop(h, "--h100e"); break;
                case (null, { } f): cap.MaxFlopPerSecond = Flop(f, "--flop-per-second"); break;
                default: throw new CliFailure("give exactly one of --h100e or --flop-per-second");
            }

            return new CommitmentTerms { ClusterSizeCap = cap };
        };
    }

    private static Func<ParseResult, CommitmentTerms> Pause(Command command)
    {
        var above = Required(command, "--above", "Pause runs above this many FLOP (0: every run)");
        var from = Optional(command, "--from", "Start (ISO 8601); default: when the commitment becomes active");
        var until = Optional(command, "--until", "End at this time (ISO 8601)");
        var months = Optional(command, "--months", "End this many calendar months after the start");
        var inspector = Optional(command, "--until-attested-by", "End when this inspector attests --condition");
        var condition = Optional(command, "--condition", "With --until-attested-by: the condition, in words");
        var trigger = Optional(command, "--trigger", "The capability trigger that puts the pause in force, in words");
        return parse =>
        {
            var pause = new PauseWindow { ScopeMinFlop = Flop(parse.GetRequiredValue(above), "--above"), Trigger = parse.GetValue(trigger) ?? "" };
            if (parse.GetValue(from) is { } start)
            {
                pause.StartsAt = Timestamp.FromDateTimeOffset(Date(start, "--from"));
            }

            switch (parse.GetValue(until), parse.GetValue(months), parse.GetValue(inspector))
            {
                case ({ } end, null, null):
                    pause.EndsAt = Timestamp.FromDateTimeOffset(Date(end, "--until"));
                    break;
                case (null, { } m, null):
                    pause.DurationMonths = uint.TryParse(m, out var n) ? n : throw new CliFailure($"--months: '{m}' is not a whole number");
                    break;
                case (null, null, { } who):
                    pause.UntilAttested = new AttestedCondition
                    {
                        InspectorPartyId = who,
                        Condition = parse.GetValue(condition) ?? throw new CliFailure("--until-attested-by needs --condition"),
                    };
                    break;
                default:
                    throw new CliFailure("give exactly one of --until, --months or --until-attested-by");
            }

            return new CommitmentTerms { PauseWindow = pause };
        };
    }

    private static Func<ParseResult, CommitmentTerms> Notify(Command command)
    {
        var threshold = Required(command, "--threshold-flop", "The compute threshold in FLOP");
        var notice = Required(command, "--notice", "The notice period (e.g. 14d)");
        var timing = new Option<string>("--timing") { Description = "before (notice ahead of crossing) or after (within the period after)", DefaultValueFactory = _ => "before" };
        var anticipatory = new Option<bool>("--anticipatory") { Description = "Runs that will foreseeably cross must be notified before they do" };
        var to = Optional(command, "--to", "The party notified");
        command.Add(timing);
        command.Add(anticipatory);
        var measure = MeasureOptions(command);
        return parse => new CommitmentTerms
        {
            NotifyTraining = new NotifyTraining
            {
                ThresholdFlop = Flop(parse.GetRequiredValue(threshold), "--threshold-flop"),
                NoticePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(Duration(parse.GetRequiredValue(notice), "--notice")),
                Timing = parse.GetRequiredValue(timing) switch
                {
                    "before" => NoticeTiming.BeforeThreshold,
                    "after" => NoticeTiming.AfterThreshold,
                    var other => throw new CliFailure($"--timing: '{other}' is not one of before, after"),
                },
                Anticipatory = parse.GetValue(anticipatory),
                NotifyPartyId = parse.GetValue(to) ?? "",
                Measure = Measure(parse, measure),
            },
        };
    }

    private static Func<ParseResult, CommitmentTerms> Coverage(Command command)
    {
        var share = Required(command, "--min-share", "Minimum share of declared devices reporting, in (0, 1]");
        var window = Required(command, "--window", "Window in which each device must report (e.g. 1h)");
        return parse => new CommitmentTerms
        {
            MonitoringCoverage = new MonitoringCoverage
            {
                MinShare = Flop(parse.GetRequiredValue(share), "--min-share"),
                Window = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(Duration(parse.GetRequiredValue(window), "--window")),
            },
        };
    }

    private static Func<ParseResult, CommitmentTerms> Band(Command command)
    {
        var min = Required(command, "--min-flop", "Lower bound of the band, in FLOP");
        var max = Required(command, "--max-flop", "Upper bound of the band, in FLOP");
        return parse => new CommitmentTerms
        {
            MonitoredBand = new MonitoredBand { MinFlop = Flop(parse.GetRequiredValue(min), "--min-flop"), MaxFlop = Flop(parse.GetRequiredValue(max), "--max-flop") },
        };
    }

    private static Func<ParseResult, CommitmentTerms> Inspection(Command command)
    {
        var notice = Required(command, "--notice", "The longest notice inspectors must give (e.g. 24h)");
        var type = new Option<string>("--type") { Description = "routine or challenge", DefaultValueFactory = _ => "routine" };
        var perYear = new Option<uint>("--max-per-year") { Description = "Most inspections per year (0: no limit)" };
        command.Add(type);
        command.Add(perYear);
        return parse => new CommitmentTerms
        {
            InspectionAccess = new InspectionAccess
            {
                NoticePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(Duration(parse.GetRequiredValue(notice), "--notice")),
                Type = parse.GetRequiredValue(type) switch
                {
                    "routine" => InspectionType.Routine,
                    "challenge" => InspectionType.Challenge,
                    var other => throw new CliFailure($"--type: '{other}' is not one of routine, challenge"),
                },
                MaxPerYear = parse.GetValue(perYear),
            },
        };
    }
}
