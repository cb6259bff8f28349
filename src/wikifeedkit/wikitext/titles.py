"""Page titles and namespaces: normalising link targets, telling files, categories and languages apart."""

from __future__ import annotations

import html
import re

# Namespace names (lower case) in the languages of the corpus and the larger Wikipedias.
FILE_NAMESPACES = frozenset(
    {
        "file", "image", "datei", "bild", "fichier", "archivo", "imagen", "ficheiro", "arquivo", "imagem",
        "immagine", "bestand", "afbeelding", "lêer", "beeld", "plik", "grafika", "файл",
        "изображение", "dosya", "resim", "ファイル", "画像", "文件", "檔案", "图像", "파일", "tiedosto",
        "fil", "soubor", "obrázok", "fájl", "kép", "fișier", "imagine", "ملف", "پرونده", "קובץ",
    }
)  # fmt: skip
CATEGORY_NAMESPACES = frozenset(
    {
        "category", "kategorie", "catégorie", "categoría", "categoria", "categorie", "kategoria",
        "категория", "kategori", "カテゴリ", "分类", "分類", "분류", "luokka", "kategória",
        "تصنيف", "رده", "קטגוריה",
    }
)  # fmt: skip
# Wikipedia language codes; a link such as [[de:Titel]] with one of these is an interlanguage link.
LANGUAGE_CODES = frozenset(
    """aa ab ace ady af ak als alt am an ang ar arc ary arz as ast atj av avk awa ay az azb ba ban bar
    bat-smg bcl be be-tarask be-x-old bg bh bi bjn bm bn bo bpy br bs bug bxr ca cbk-zam cdo ce ceb ch
    cho chr chy ckb co cr crh cs csb cu cv cy da de din diq dsb dty dv dz ee el eml en eo es et eu ext
    fa ff fi fiu-vro fj fo fr frp frr fur fy ga gag gan gcr gd gl glk gn gom gor got gu gv ha hak haw he
    hi hif ho hr hsb ht hu hy hyw hz ia id ie ig ii ik ilo inh io is it iu ja jam jbo jv ka kaa kab kbd
    kbp kg ki kj kk kl km kn ko koi kr krc ks ksh ku kv kw ky la lad lb lbe lez lfn lg li lij lld lmo ln
    lo lrc lt ltg lv mad mai map-bms mdf mg mh mhr mi min mk ml mn mni mnw mr mrj ms mt mus mwl my myv
    mzn na nah nap nds nds-nl ne new ng nia nl nn no nov nqo nrm nso nv ny oc olo om or os pa pag pam
    pap pcd pdc pfl pi pih pl pms pnb pnt ps pt qu rm rmy rn ro roa-rup roa-tara ru rue rw sa sah sat sc
    scn sco sd se sg sh shi shn si simple sk skr sl sm smn sn so sq sr srn ss st stq su sv sw szl szy ta
    tay tcy te tet tg th ti tk tl tn to tpi tr trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls
    vo wa war wo wuu xal xh xmf yi yo za zea zh zh-classical zh-min-nan zh-yue zu""".split()  # noqa: SIM905
)

_SPACES = re.compile(r"[\s_]+")


def normalise_title(title: str) -> str:
    """A page title as MediaWiki stores it: entities decoded, underscores and runs of spaces as one space,
    trimmed, the first letter in upper case (also after a namespace prefix)."""
    title = _SPACES.sub(" ", html.unescape(title)).strip()
    if ":" in title:
        prefix, _, rest = title.partition(":")
        if prefix.strip().lower() in FILE_NAMESPACES | CATEGORY_NAMESPACES:
            rest = rest.strip()
            return f"{prefix.strip().capitalize()}:{rest[:1].upper()}{rest[1:]}"
    return title[:1].upper() + title[1:]


def split_namespace(target: str) -> tuple[str | None, str]:
    """``("file", "X.jpg")`` for ``File:X.jpg``: the namespace in lower case (None if none) and the rest."""
    prefix, colon, rest = target.partition(":")
    if not colon:
        return None, target
    return prefix.strip().lower(), rest.strip()
