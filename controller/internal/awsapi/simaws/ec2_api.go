package simaws

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// CreateLaunchTemplateVersion adds a version to a launch template. The new
// version copies SourceVersion's data (if given) and then applies
// LaunchTemplateData. A repeated ClientToken returns the version it made.
func (c *Cloud) CreateLaunchTemplateVersion(ctx context.Context, in *ec2.CreateLaunchTemplateVersionInput, _ ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateVersionOutput, error) {
	return run(ctx, c, opCreateLaunchTemplateVersion, func(callCtx) (*ec2.CreateLaunchTemplateVersionOutput, error) {
		if in == nil {
			in = &ec2.CreateLaunchTemplateVersionInput{}
		}
		lt, err := c.findTemplate(in.LaunchTemplateId, in.LaunchTemplateName)
		if err != nil {
			return nil, err
		}
		v, err := c.newTemplateVersion(lt, in)
		if err != nil {
			return nil, err
		}
		out := c.renderVersion(lt, v)
		return &ec2.CreateLaunchTemplateVersionOutput{LaunchTemplateVersion: &out}, nil
	})
}

func (c *Cloud) newTemplateVersion(lt *launchTemplate, in *ec2.CreateLaunchTemplateVersionInput) (*ltVersion, error) {
	token := aws.ToString(in.ClientToken)
	if n, ok := lt.tokens[token]; ok && token != "" {
		return lt.versions[n-1], nil
	}
	if in.LaunchTemplateData == nil {
		return nil, apiError(codeMissingParameter, "The request must contain the parameter LaunchTemplateData")
	}
	if len(aws.ToString(in.VersionDescription)) > 255 {
		return nil, apiError(codeInvalidParameter, "VersionDescription must be at most 255 characters")
	}
	v := &ltVersion{number: int64(len(lt.versions)) + 1, description: aws.ToString(in.VersionDescription), created: c.now}
	if in.SourceVersion != nil {
		src, ok := lt.resolve(*in.SourceVersion)
		if !ok {
			return nil, apiError(codeLTVersionNotFound, "Could not find launch template version %s for template %s", *in.SourceVersion, lt.id)
		}
		v.ami = src.ami
	}
	if in.LaunchTemplateData.ImageId != nil {
		v.ami = *in.LaunchTemplateData.ImageId
	}
	lt.versions = append(lt.versions, v)
	if token != "" {
		lt.tokens[token] = v.number
	}
	return v, nil
}

// findTemplate looks a template up by id or name, with EC2's errors.
func (c *Cloud) findTemplate(id, name *string) (*launchTemplate, error) {
	switch {
	case id != nil && name != nil:
		return nil, apiError(codeParamCombination, "Specify either the launch template ID or the launch template name, but not both")
	case id != nil:
		if lt, ok := c.templates[*id]; ok {
			return lt, nil
		}
		return nil, apiError(codeLTNotFound, "The specified launch template, with template ID %s, does not exist.", *id)
	case name != nil:
		if lt := c.templateByName(*name); lt != nil {
			return lt, nil
		}
		return nil, apiError(codeLTNameNotFound, "At least one of the launch templates specified in the request does not exist.")
	}
	return nil, apiError(codeMissingParameter, "The request must contain the parameter launchTemplateName or launchTemplateId")
}

// DescribeLaunchTemplateVersions lists one template's versions, newest
// first: those named in Versions (numbers, "$Latest", "$Default"), or all of
// them within MinVersion..MaxVersion (both inclusive). Without a template it
// lists "$Latest"/"$Default" of every template. MaxResults 1-200 with
// NextToken pages; no MaxResults returns everything.
func (c *Cloud) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput, _ ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	return run(ctx, c, opDescribeLaunchTemplateVersions, func(callCtx) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
		if in == nil {
			in = &ec2.DescribeLaunchTemplateVersionsInput{}
		}
		limit, ok := pageLimit(in.MaxResults, 0, 200)
		if !ok {
			return nil, apiError(codeInvalidParameter, "MaxResults must be between 1 and 200")
		}
		refs, err := c.selectVersions(in)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(refs, versionRef.key, opDescribeLaunchTemplateVersions, aws.ToString(in.NextToken), limit)
		if err != nil {
			return nil, apiError(codeInvalidPagination, "The specified pagination token is not valid or is expired.")
		}
		out := &ec2.DescribeLaunchTemplateVersionsOutput{LaunchTemplateVersions: []types.LaunchTemplateVersion{}}
		for _, r := range page {
			out.LaunchTemplateVersions = append(out.LaunchTemplateVersions, c.renderVersion(r.lt, r.v))
		}
		if next != "" {
			out.NextToken = aws.String(next)
		}
		return out, nil
	})
}

// versionRef orders versions by template id, then newest first.
type versionRef struct {
	lt *launchTemplate
	v  *ltVersion
}

func (r versionRef) key() string {
	return fmt.Sprintf("%s/%019d", r.lt.id, math.MaxInt64-r.v.number)
}

func (c *Cloud) selectVersions(in *ec2.DescribeLaunchTemplateVersionsInput) ([]versionRef, error) {
	if in.LaunchTemplateId == nil && in.LaunchTemplateName == nil {
		return c.aliasVersionsEverywhere(in.Versions)
	}
	lt, err := c.findTemplate(in.LaunchTemplateId, in.LaunchTemplateName)
	if err != nil {
		return nil, err
	}
	if len(in.Versions) > 0 {
		return namedVersions(lt, in.Versions)
	}
	lo, hi, err := versionBounds(in.MinVersion, in.MaxVersion)
	if err != nil {
		return nil, err
	}
	var refs []versionRef
	for i := len(lt.versions) - 1; i >= 0; i-- {
		if v := lt.versions[i]; v.number >= lo && v.number <= hi {
			refs = append(refs, versionRef{lt, v})
		}
	}
	return refs, nil
}

func namedVersions(lt *launchTemplate, names []string) ([]versionRef, error) {
	picked := map[int64]*ltVersion{}
	for _, name := range names {
		v, ok := lt.resolve(name)
		if !ok || name == "" {
			return nil, apiError(codeLTVersionNotFound, "Could not find launch template version %s for template %s", name, lt.id)
		}
		picked[v.number] = v
	}
	var refs []versionRef
	keys := sortedKeys(picked)
	for i := len(keys) - 1; i >= 0; i-- {
		refs = append(refs, versionRef{lt, picked[keys[i]]})
	}
	return refs, nil
}

func (c *Cloud) aliasVersionsEverywhere(names []string) ([]versionRef, error) {
	if len(names) == 0 {
		return nil, apiError(codeMissingParameter, "The request must contain the parameter launchTemplateName or launchTemplateId")
	}
	for _, n := range names {
		if n != "$Latest" && n != "$Default" {
			return nil, apiError(codeInvalidParameter, "Version %s can only be used with a specified launch template", n)
		}
	}
	var refs []versionRef
	for _, id := range sortedKeys(c.templates) {
		more, _ := namedVersions(c.templates[id], names)
		refs = append(refs, more...)
	}
	return refs, nil
}

func versionBounds(minV, maxV *string) (int64, int64, error) {
	lo, hi := int64(1), int64(math.MaxInt64)
	for _, b := range []struct {
		s   *string
		dst *int64
	}{{minV, &lo}, {maxV, &hi}} {
		if b.s == nil {
			continue
		}
		n, err := strconv.ParseInt(*b.s, 10, 64)
		if err != nil {
			return 0, 0, apiError(codeInvalidParameter, "Invalid version bound %q", *b.s)
		}
		*b.dst = n
	}
	return lo, hi, nil
}

func (c *Cloud) renderVersion(lt *launchTemplate, v *ltVersion) types.LaunchTemplateVersion {
	out := types.LaunchTemplateVersion{
		CreateTime:         aws.Time(v.created),
		CreatedBy:          aws.String(fmt.Sprintf("arn:aws:iam::%s:root", c.cfg.AccountID)),
		DefaultVersion:     aws.Bool(lt.defaultVer == v.number),
		LaunchTemplateData: &types.ResponseLaunchTemplateData{},
		LaunchTemplateId:   aws.String(lt.id),
		LaunchTemplateName: aws.String(lt.name),
		VersionNumber:      aws.Int64(v.number),
	}
	if v.ami != "" {
		out.LaunchTemplateData.ImageId = aws.String(v.ami)
	}
	if v.description != "" {
		out.VersionDescription = aws.String(v.description)
	}
	return out
}
