using System.Collections;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Accord.PropertyTests.Infrastructure;

/// <summary>
/// Field-level mutations of a protobuf message through its descriptor: one to four fields, at any
/// depth, set to boundary values (NaN, infinities, extreme integers, out-of-range timestamps and
/// durations, odd strings, unknown enum numbers), cleared, or created empty.
/// </summary>
internal static class ProtoMutator
{
    private static readonly double[] DoublePool =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1, 0, -0.0, double.Epsilon, 0.5, 1, 1e-300, 1e25, 1e300, double.MaxValue, double.MinValue];

    private static readonly long[] LongPool =
        [long.MinValue, long.MaxValue, -1, 0, 1, 3600, 86_400 * 400, -62_135_596_801, -62_135_596_800, 253_402_300_799, 253_402_300_800, 315_537_897_599];

    private static readonly int[] IntPool = [int.MinValue, int.MaxValue, -1, 0, 1, 2, 3, 7, 999_999_999, 1_000_000_000];

    private static readonly string[] StringPool =
        ["", "a", "lab-a", "Lab A", " lead", "trail ", "x\ny", "\u0000", "\u00dcn\u00efc\u00f6d\u00e9", new string('z', 65), new string('t', 5000), "\ud800", "pause-2027", "0123456789abcdef"];

    /// <summary>Mutated deep copies of <paramref name="valid"/>.</summary>
    public static Gen<T> Of<T>(T valid)
        where T : IMessage<T> =>
        Gen.Select(Gen.Int[1, 4], Gen.UInt.Array[40], (count, r) =>
        {
            var copy = valid.Clone();
            var k = 0;
            uint Next() => r[k++ % r.Length];
            for (var i = 0; i < count; i++)
            {
                MutateOne(copy, Next, depth: 0);
            }

            return copy;
        });

    private static void MutateOne(IMessage message, Func<uint> next, int depth)
    {
        var fields = message.Descriptor.Fields.InDeclarationOrder();
        if (fields.Count == 0)
        {
            return;
        }

        var field = fields[(int)(next() % (uint)fields.Count)];
        var accessor = field.Accessor;
        if (field.IsRepeated)
        {
            if (field.IsMap)
            {
                return;
            }

            var list = (IList)accessor.GetValue(message);
            switch (next() % 3)
            {
                case 0:
                    list.Clear();
                    break;
                case 1:
                    list.Add(field.FieldType == FieldType.Message ? Empty(field) : Scalar(field, next)!);
                    break;
                default:
                    if (list.Count > 0 && field.FieldType == FieldType.Message && depth < 6)
                    {
                        MutateOne((IMessage)list[(int)(next() % (uint)list.Count)]!, next, depth + 1);
                    }
                    else if (list.Count > 0)
                    {
                        list[(int)(next() % (uint)list.Count)] = Scalar(field, next);
                    }

                    break;
            }

            return;
        }

        if (field.FieldType == FieldType.Message)
        {
            var sub = (IMessage?)accessor.GetValue(message);
            if (sub is null)
            {
                sub = Empty(field);
                accessor.SetValue(message, sub);
            }
            else if (next() % 4 == 0)
            {
                accessor.Clear(message);
                return;
            }

            if (depth < 6)
            {
                MutateOne(sub, next, depth + 1);
            }

            return;
        }

        accessor.SetValue(message, Scalar(field, next));
    }

    private static IMessage Empty(FieldDescriptor field) => field.MessageType.Parser.ParseFrom(ByteString.Empty);

    private static object? Scalar(FieldDescriptor field, Func<uint> next) => field.FieldType switch
    {
        FieldType.Double => DoublePool[next() % (uint)DoublePool.Length],
        FieldType.Float => (float)DoublePool[next() % (uint)DoublePool.Length],
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => LongPool[next() % (uint)LongPool.Length],
        FieldType.UInt64 or FieldType.Fixed64 => unchecked((ulong)LongPool[next() % (uint)LongPool.Length]),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => IntPool[next() % (uint)IntPool.Length],
        FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)IntPool[next() % (uint)IntPool.Length]),
        FieldType.Bool => next() % 2 == 0,
        FieldType.String => StringPool[next() % (uint)StringPool.Length],
        FieldType.Bytes => ByteString.CopyFrom([.. Enumerable.Range(0, (int)(next() % 70)).Select(i => (byte)(i * 31))]),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, (int)(next() % 12) - 1),
        _ => null,
    };
}
