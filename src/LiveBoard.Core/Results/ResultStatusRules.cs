using LiveBoard.Core.Competitions;

namespace LiveBoard.Core.Results;

public static class ResultStatusRules
{
    public static ResultStatus For(IEnumerable<ModuleStatus> modules, bool protested, bool hasMarks)
    {
        var statuses = modules.ToList();
        if (protested)
            return ResultStatus.Protested;
        // No modules means nothing has been marked to a finish: never call an empty result official.
        if (statuses.Count > 0 && statuses.All(s => s == ModuleStatus.Locked))
            return ResultStatus.Official;
        if (statuses.Count > 0 && statuses.All(s => s is ModuleStatus.Closed or ModuleStatus.Locked))
            return ResultStatus.Unofficial;
        if (hasMarks || statuses.Contains(ModuleStatus.Live))
            return ResultStatus.Live;
        return ResultStatus.StartList;
    }
}
