namespace LiveBoard.Server.Demo;

// Seeded, never-repeating names of two or three characters with their pinyin ("张伟" / "Zhang Wei").
// Given-name syllables never start with a vowel, so joined pinyin needs no apostrophe (Xi'an).
sealed class ChineseNames(Random random)
{
    static readonly (string Zh, string En)[] Surnames = Pairs(
        "王 Wang 李 Li 张 Zhang 刘 Liu 陈 Chen 杨 Yang 黄 Huang 赵 Zhao 吴 Wu 周 Zhou 徐 Xu 孙 Sun 马 Ma 朱 Zhu " +
        "胡 Hu 郭 Guo 何 He 林 Lin 高 Gao 罗 Luo 郑 Zheng 梁 Liang 谢 Xie 宋 Song 唐 Tang 许 Xu 韩 Han 冯 Feng " +
        "邓 Deng 曹 Cao 彭 Peng 曾 Zeng 沈 Shen 陆 Lu 顾 Gu 蒋 Jiang 钱 Qian 施 Shi 姚 Yao 蔡 Cai 范 Fan 金 Jin " +
        "俞 Yu 倪 Ni 龚 Gong 汪 Wang 夏 Xia 程 Cheng");

    static readonly (string Zh, string En)[] Male = Pairs(
        "伟 Wei 强 Qiang 磊 Lei 军 Jun 杰 Jie 涛 Tao 明 Ming 超 Chao 刚 Gang 平 Ping 辉 Hui 鹏 Peng 飞 Fei 斌 Bin " +
        "海 Hai 振 Zhen 志 Zhi 建 Jian 国 Guo 文 Wen 宇 Yu 浩 Hao 俊 Jun 峰 Feng 勇 Yong 毅 Yi 晨 Chen 亮 Liang " +
        "华 Hua 东 Dong 鑫 Xin 立 Li 成 Cheng 春 Chun 卫 Wei 荣 Rong 新 Xin 德 De 晓 Xiao 嘉 Jia");

    static readonly (string Zh, string En)[] Female = Pairs(
        "丽 Li 静 Jing 敏 Min 燕 Yan 芳 Fang 婷 Ting 雪 Xue 琳 Lin 霞 Xia 红 Hong 晓 Xiao 欣 Xin 怡 Yi 佳 Jia " +
        "颖 Ying 蕾 Lei 璐 Lu 倩 Qian 慧 Hui 萍 Ping 洁 Jie 莉 Li 娟 Juan 梅 Mei 秀 Xiu 雯 Wen 琴 Qin 玲 Ling " +
        "悦 Yue 瑶 Yao 晶 Jing 春 Chun");

    readonly HashSet<string> used = [];

    public (string Zh, string En) Next(bool female)
    {
        var pool = female ? Female : Male;
        while (true)
        {
            var surname = Surnames[random.Next(Surnames.Length)];
            var first = pool[random.Next(pool.Length)];
            var (zh, en) = random.NextDouble() < 0.3
                ? (surname.Zh + first.Zh, $"{surname.En} {first.En}")
                : Longer(surname, first, pool[random.Next(pool.Length)]);
            if (used.Add(zh))
                return (zh, en);
        }
    }

    static (string Zh, string En) Longer((string Zh, string En) surname, (string Zh, string En) first, (string Zh, string En) second) =>
        (surname.Zh + first.Zh + second.Zh, $"{surname.En} {first.En}{second.En.ToLowerInvariant()}");

    static (string Zh, string En)[] Pairs(string table) =>
        [.. table.Split(' ', StringSplitOptions.RemoveEmptyEntries).Chunk(2).Select(p => (p[0], p[1]))];
}
