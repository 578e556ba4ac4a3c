namespace Integration.Inference.Evaluation;

/// <summary>Calibration, latency percentiles and the paired tests that say whether one version beats another.</summary>
public static class EvaluationStatistics
{
    public const int Bins = 10;

    /// <param name="items">Each item's top confidence, whether it was right, and the gap of its probabilities to the truth (squared, summed over labels).</param>
    public static Calibration Calibrate(IReadOnlyList<(double Confidence, bool Right, double SquaredError)> items)
    {
        var bins = Enumerable.Range(0, Bins).Select(b =>
        {
            var (from, to) = ((double)b / Bins, (double)(b + 1) / Bins);
            var inBin = items.Where(i => i.Confidence >= from && (i.Confidence < to || (b == Bins - 1 && i.Confidence <= to))).ToList();
            return new CalibrationBin(from, to, inBin.Count, inBin.Count == 0 ? 0 : Math.Round(inBin.Average(i => i.Confidence), 4),
                inBin.Count == 0 ? 0 : Math.Round(inBin.Count(i => i.Right) / (double)inBin.Count, 4));
        }).ToList();
        var ece = items.Count == 0 ? 0 : bins.Sum(b => b.Items / (double)items.Count * Math.Abs(b.Confidence - b.Accuracy));
        return new Calibration(Math.Round(ece, 4), items.Count == 0 ? 0 : Math.Round(items.Average(i => i.SquaredError), 4), bins);
    }

    public static LatencyFigures Latency(List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds.Count == 0 ? 0 : Math.Round(milliseconds[Math.Min(milliseconds.Count - 1, (int)(milliseconds.Count * q))], 3);
        return new LatencyFigures(At(0.5), At(0.95));
    }

    /// <summary>
    /// The area under the ROC curve of a score that should be higher for <paramref name="positives"/>: the chance that a
    /// positive picked at random scores above a negative picked at random (ties count half). Mann–Whitney, by sorting.
    /// </summary>
    public static double Auroc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0)
        {
            return 0.5;
        }

        var all = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false))).OrderBy(x => x.Score).ToList();
        var rankSum = 0.0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j < all.Count && all[j].Score == all[i].Score)
            {
                j++;
            }

            var rank = (i + 1 + j) / 2.0; // the mean rank of a run of ties
            for (; i < j; i++)
            {
                rankSum += all[i].Positive ? rank : 0;
            }
        }

        return (rankSum - positives.Count * (positives.Count + 1) / 2.0) / ((double)positives.Count * negatives.Count);
    }

    /// <summary>Two answers per item, right or wrong: who alone was right how often, the exact McNemar p (rounded), and a bootstrap 95% interval of B's accuracy minus A's.</summary>
    public static PairedFigures Paired(IReadOnlyList<(bool A, bool B)> pairs)
    {
        var (onlyA, onlyB) = (pairs.Count(p => p.A && !p.B), pairs.Count(p => !p.A && p.B));
        var p = McNemar(onlyA, onlyB);
        return new PairedFigures(onlyA, onlyB, Math.Round(p, 6), p < 0.05, BootstrapDifference(pairs));
    }

    /// <summary>Exact two-sided McNemar: under "no difference" the discordant items split as a fair coin.</summary>
    public static double McNemar(int onlyA, int onlyB)
    {
        var n = onlyA + onlyB;
        if (n == 0)
        {
            return 1;
        }

        // P(X <= min) for X ~ Binomial(n, 1/2), doubled; in log space so that large n does not overflow.
        var k = Math.Min(onlyA, onlyB);
        var tail = 0.0;
        for (var i = 0; i <= k; i++)
        {
            tail += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
        }

        return Math.Min(1, 2 * tail);
    }

    /// <summary>A percentile bootstrap interval of mean(b) - mean(a) over paired items (1 right, 0 wrong), seeded: the same every run.</summary>
    public static double[] BootstrapDifference(IReadOnlyList<(bool A, bool B)> pairs, int resamples = 2000, int seed = 17)
    {
        if (pairs.Count == 0)
        {
            return [0, 0];
        }

        var random = new Random(seed);
        var differences = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0;
            for (var i = 0; i < pairs.Count; i++)
            {
                var (a, b) = pairs[random.Next(pairs.Count)];
                sum += (b ? 1 : 0) - (a ? 1 : 0);
            }

            differences[r] = (double)sum / pairs.Count;
        }

        Array.Sort(differences);
        return [Math.Round(differences[(int)(resamples * 0.025)], 4), Math.Round(differences[(int)(resamples * 0.975) - 1], 4)];
    }

    private static double LogChoose(int n, int k)
    {
        var result = 0.0;
        for (var i = 1; i <= k; i++)
        {
            result += Math.Log(n - k + i) - Math.Log(i);
        }

        return result;
    }
}

public sealed record PairedFigures(int OnlyA, int OnlyB, double P, bool Significant, double[] DifferenceCi95);
