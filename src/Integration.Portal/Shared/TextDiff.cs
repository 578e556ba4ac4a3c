using DiffPlex;
using DiffPlex.Chunkers;

namespace Integration.Portal.Shared;

/// <summary>A piece of a word diff, with the CSS class that shows it (kept, added, removed).</summary>
public sealed record DiffPiece(string Text, string Class);

/// <summary>Word-level differences between a model's proposal and a reviewer's edit (DiffPlex).</summary>
public static class TextDiff
{
    public static IEnumerable<DiffPiece> Words(string before, string after)
    {
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new DelimiterChunker([' ', '\n', '\t']));
        var position = 0;
        foreach (var block in result.DiffBlocks)
        {
            for (; position < block.DeleteStartA; position++)
            {
                yield return new DiffPiece(result.PiecesOld[position], "");
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                yield return new DiffPiece(result.PiecesOld[block.DeleteStartA + i], "diff-del");
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                yield return new DiffPiece(result.PiecesNew[block.InsertStartB + i], "diff-add");
            }

            position = block.DeleteStartA + block.DeleteCountA;
        }

        for (; position < result.PiecesOld.Count; position++)
        {
            yield return new DiffPiece(result.PiecesOld[position], "");
        }
    }
}
