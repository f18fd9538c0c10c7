using System.Globalization;

namespace Packetflix.Discovery.Explorer;

/// <summary>User names by UID from a passwd(5) file (the host's /etc/passwd); unreadable or garbage lines are skipped.</summary>
internal static class PasswdFile
{
    public static Dictionary<uint, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<uint, string>();
        foreach (var line in text.Split('\n'))
        {
            // name:password:UID:GID:GECOS:directory:shell
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0].Length > 0
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                result.TryAdd(uid, fields[0]);
            }
        }

        return result;
    }

    public static Dictionary<uint, string> Read(string path = "/etc/passwd")
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
