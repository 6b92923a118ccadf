using System.Globalization;

namespace Accord.Web.Reading;

/// <summary>The `index` a visitor typed: a log index (0 or more) or the sentence that says why it is not one.</summary>
public static class LogIndexInput
{
    /// <summary>True and the index when <paramref name="text"/> is a decimal number from 0 to 2^63 - 1; false and a sentence otherwise.</summary>
    public static bool TryParse(string? text, out long index, out string problem)
    {
        index = 0;
        problem = "";
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            problem = "Give an entry index: a whole number from 0.";
            return false;
        }

        if (!trimmed.All(char.IsAsciiDigit) || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            problem = $"\"{trimmed}\" is not an entry index: give a whole number from 0.";
            return false;
        }

        return true;
    }
}
