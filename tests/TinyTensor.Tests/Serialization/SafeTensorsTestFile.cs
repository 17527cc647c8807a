using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace TinyTensor.Tests.Serialization;

/// <summary>Writes safetensors bytes as another writer would (PyTorch's <c>safetensors.torch.save_file</c>): any
/// tensors, F64, F32 or I64 (values rounded to integers), in the given order, with or without <c>__metadata__</c>.</summary>
internal static class SafeTensorsTestFile
{
    public static byte[] Write(IEnumerable<(string Name, string Dtype, int[] Shape, double[] Values)> tensors, JsonObject? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is not null)
        {
            header["__metadata__"] = metadata;
        }

        using var data = new MemoryStream();
        foreach ((string name, string dtype, int[] shape, double[] values) in tensors)
        {
            long begin = data.Length;
            foreach (double v in values)
            {
                byte[] bytes = new byte[dtype == "F32" ? 4 : 8];
                if (dtype == "F32")
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)v);
                }
                else if (dtype == "I64")
                {
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, (long)v);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes, v);
                }

                data.Write(bytes);
            }

            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(begin, data.Length),
            };
        }

        return ModelFileTestData.Join(header, data.ToArray());
    }

    /// <summary>The state_dict of <paramref name="model"/> as PyTorch would save it: PyTorch's names and shapes
    /// (Linear weight (out, in)), no metadata.</summary>
    public static byte[] StateDictOf(TinyTensor.Layers.Layer model, string dtype = "F64") =>
        Write(model.NamedParameters().Select(p => (p.Name, dtype,
            p.Parameter.Value.Rank == 2 ? new[] { p.Parameter.Value.Dim(1), p.Parameter.Value.Dim(0) } : p.Parameter.Value.Shape,
            p.Parameter.Value.Rank == 2 ? ModelFileTestData.Transposed(p.Parameter.Value) : p.Parameter.Value.ToArray())));
}
