using System.Collections;

namespace TinyTensor.Layers;

/// <summary>The live list of a layer's parameter gradients (<see cref="Layer.Grads"/>): entry i is parameter i's
/// <see cref="Parameter.Grad"/> at the time it is read, so it allocates nothing and is null after a ZeroGrad.</summary>
internal sealed class ParameterGrads(Parameter[] parameters) : IReadOnlyList<Tensor?>
{
    public Tensor? this[int index] => parameters[index].Grad;

    public int Count => parameters.Length;

    public IEnumerator<Tensor?> GetEnumerator()
    {
        foreach (Parameter parameter in parameters)
        {
            yield return parameter.Grad;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
